using System.Collections.Immutable;
using TorchSharp.Modules;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles.PyTorch;
using TrainableSpec.TorchSharp.Native;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// TorchSharp's own freezing behaviour, unchanged: one libtorch parameter per weight, <c>requires_grad</c> set
/// per parameter, autograd, and TorchSharp's <c>optim.SGD</c>/<c>optim.Adam</c> built once over all parameters, whose
/// <c>step</c> is TorchSharp's body with every native Scalar held (<see cref="HeldScalarSgd"/>,
/// <see cref="HeldScalarAdam"/>): the same libtorch operations, without a finalizer freeing a Scalar mid-call.
/// <c>zero_grad(set_to_none=False)</c> is TorchSharp's native <c>zero_grad()</c> (which zeroes);
/// <c>set_to_none=True</c>, which TorchSharp 0.107.0 lacks, sets each gradient to null as PyTorch does.
/// </summary>
public sealed class TorchSharpPyTorchImplementation : IPyTorchImplementation
{
    /// <summary>Loads libtorch (see <see cref="LibTorchRuntime"/>).</summary>
    public TorchSharpPyTorchImplementation() => LibTorchRuntime.EnsureLoaded();

    /// <inheritdoc />
    public string Name => "torchsharp (pytorch profile)";

    /// <inheritdoc />
    public PyTorchRun Run(PyTorchScenario scenario)
    {
        scenario.Validated();
        using var scope = NewDisposeScope();
        var tree = scenario.Tree;
        using var weights = new FlatWeights(tree, scenario.InitialWeights);
        var parameters = weights.Parameters;
        using var optimizer = Create(scenario.Optimizer, tree.WeightNames.Select(n => weights[n]));
        var x = TreeForward.Batch(scenario.Data.X, tree.Width);
        var y = TreeForward.Batch(scenario.Data.Y, tree.Width);
        var initial = weights.Read();
        var steps = ImmutableArray.CreateBuilder<PyTorchObservation>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            if (step is RequiresGrad set)
            {
                foreach (var weight in TreeForward.ParametersBelow(tree, set.Node))
                {
                    parameters[weight].requires_grad = set.Value;
                }
            }
            else
            {
                Train(scenario, parameters, optimizer, x, y);
            }

            steps.Add(new PyTorchObservation(
                parameters.ToImmutableSortedDictionary(p => p.Key, p => p.Value.requires_grad, StringComparer.Ordinal),
                weights.Read()));
        }

        weights.CheckParametersOverSegments();
        return new PyTorchRun(initial, steps.MoveToImmutable());
    }

    private static void Train(
        PyTorchScenario scenario, IReadOnlyDictionary<string, Parameter> parameters, optim.Optimizer optimizer, Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        if (scenario.ZeroGrad == ZeroGradMode.Zero)
        {
            optimizer.zero_grad();
        }
        else
        {
            foreach (var parameter in parameters.Values)
            {
                parameter.grad = null;
            }
        }

        var loss = nn.functional.mse_loss(TreeForward.Apply(scenario.Tree, scenario.Tree.Root, x, n => parameters[n]), y);
        if (loss.requires_grad)
        {
            loss.backward();
        }

        optimizer.step();
    }

    /// <summary>
    /// The optimizer <paramref name="choice"/> names, as TorchSharp's <c>optim.SGD</c>/<c>optim.Adam</c> build it from
    /// the same arguments, stepping with held Scalars.
    /// </summary>
    internal static optim.Optimizer Create(OptimizerChoice choice, IEnumerable<Parameter> parameters) => choice.Kind switch
    {
        OptimizerKind.SgdMomentum => new HeldScalarSgd(parameters, choice.LearningRate, momentum: OptimizerChoice.Momentum),
        OptimizerKind.SgdWeightDecay => new HeldScalarSgd(parameters, choice.LearningRate, weightDecay: OptimizerChoice.WeightDecay),
        OptimizerKind.Adam => new HeldScalarAdam(parameters, choice.LearningRate),
        _ => new HeldScalarSgd(parameters, choice.LearningRate),
    };
}
