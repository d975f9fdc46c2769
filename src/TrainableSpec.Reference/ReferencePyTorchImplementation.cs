using System.Collections.Immutable;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.Reference;

/// <summary>
/// The reference engine in its PyTorch mode (<see cref="TrainabilityRule.PyTorch"/>) behind the PyTorch profile's
/// own contract: the engine computes the gradients; this class keeps PyTorch's <c>.grad</c> per parameter and steps
/// PyTorch's optimizers over all parameters, written from torch/optim/sgd.py and adam.py: a parameter whose
/// gradient is None is skipped; <c>zero_grad</c> sets gradients to None or to zeros; backward fills the gradient
/// of each parameter that requires grad (and runs only when one does).
/// </summary>
public sealed class ReferencePyTorchImplementation : IPyTorchImplementation
{
    /// <inheritdoc />
    public string Name => "reference (pytorch profile)";

    /// <inheritdoc />
    public PyTorchRun Run(PyTorchScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        scenario.Validated();
        var built = BuiltModel.Create(scenario.Tree, scenario.InitialWeights, TrainabilityRule.PyTorch, weightsChecked: true);
        built.Model.Compile(new Sgd(scenario.Optimizer.LearningRate), MeanSquaredError.Instance);
        var parameters = built.Model.CollectedTrainableWeights;
        var optimizer = new TorchOptimizer(scenario.Optimizer);
        var gradients = parameters.ToDictionary(p => p, _ => (float[]?)null);
        var (x, y) = (scenario.Data.XArrays(), scenario.Data.YArrays());
        var initial = built.Weights();
        var steps = ImmutableArray.CreateBuilder<PyTorchObservation>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            if (step is RequiresGrad set)
            {
                built[set.Node].Trainable = set.Value;
            }
            else
            {
                ZeroGrad(gradients, scenario.ZeroGrad);
                Backward(built.Model, parameters, gradients, x, y);
                optimizer.Step(gradients);
            }

            steps.Add(new PyTorchObservation(
                parameters.ToImmutableSortedDictionary(p => p.Name, p => p.Trainable, StringComparer.Ordinal), built.Weights()));
        }

        return new PyTorchRun(initial, steps.MoveToImmutable());
    }

    private static void ZeroGrad(Dictionary<Weight, float[]?> gradients, ZeroGradMode mode)
    {
        foreach (var parameter in gradients.Keys.ToArray())
        {
            gradients[parameter] = mode == ZeroGradMode.SetToNone || gradients[parameter] is null
                ? null
                : new float[parameter.Rows * parameter.Columns];
        }
    }

    // Without a parameter that requires grad the loss has no graph, and the loop calls no backward.
    private static void Backward(
        Model model, IReadOnlyList<Weight> parameters, Dictionary<Weight, float[]?> gradients, float[][] x, float[][] y)
    {
        if (!parameters.Any(p => p.Trainable))
        {
            return;
        }

        var computed = model.Gradients(x, y);
        foreach (var parameter in parameters.Where(p => p.Trainable))
        {
            var sum = gradients[parameter] ?? new float[computed[parameter].Length];
            for (var i = 0; i < sum.Length; i++)
            {
                sum[i] += computed[parameter][i];
            }

            gradients[parameter] = sum;
        }
    }
}
