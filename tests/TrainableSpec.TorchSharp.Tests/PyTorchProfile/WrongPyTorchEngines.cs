using System.Collections.Immutable;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.TorchSharp.Tests.PyTorchProfile;

/// <summary>
/// Deliberately wrong PyTorch engines, built by changing what TorchSharp is asked to do: each original step
/// becomes a group of steps (possibly none), and the observation after a step is the one after its group.
/// </summary>
internal sealed class WrongPyTorchEngine(
    string name,
    Func<PyTorchScenario, TorchStep, IEnumerable<TorchStep>> rewrite,
    Func<PyTorchScenario, PyTorchScenario>? change = null) : IPyTorchImplementation
{
    private static readonly TorchSharpPyTorchImplementation Torch = new();

    /// <summary><c>requires_grad_</c> on a container sets only the layers directly inside it, not those of nested containers.</summary>
    public static WrongPyTorchEngine RequiresGradReachesOnlyDirectChildren { get; } = new("direct children only", (s, step) =>
        step is RequiresGrad r && s.Tree[r.Node] is ContainerDescription c
            ? c.Calls.Where(call => s.Tree[call] is DenseDescription).Distinct().Select(call => new RequiresGrad(call, r.Value))
            : [step]);

    /// <summary>zero_grad always sets gradients to null, whatever the scenario asks.</summary>
    public static WrongPyTorchEngine AlwaysSetsGradientsToNone { get; } =
        new("always set_to_none", (_, step) => [step], s => s with { ZeroGrad = ZeroGradMode.SetToNone });

    /// <summary>zero_grad always zeroes, whatever the scenario asks (as TorchSharp's own zero_grad does).</summary>
    public static WrongPyTorchEngine AlwaysZeroesGradients { get; } =
        new("always zero", (_, step) => [step], s => s with { ZeroGrad = ZeroGradMode.Zero });

    /// <summary>Steps at three times the learning rate, as a loss summed over the outputs instead of averaged would.</summary>
    public static WrongPyTorchEngine StepsThreeTimesTooFar { get; } = new(
        "three times the rate",
        (_, step) => [step],
        s => s with { Optimizer = s.Optimizer with { LearningRate = 3 * s.Optimizer.LearningRate } });

    /// <summary>
    /// Every <c>requires_grad_</c> call is followed by an optimizer step, as a loop that steps after every call would: each
    /// training step itself is right, from weights that a call moved.
    /// </summary>
    public static WrongPyTorchEngine StepsAfterEveryRequiresGradCall { get; } =
        new("steps after requires_grad_", (_, step) => step is RequiresGrad ? [step, TrainStep.Step] : [step]);

    public string Name => name;

    public PyTorchRun Run(PyTorchScenario scenario)
    {
        var groups = scenario.Script.Select(step => rewrite(scenario, step).ToArray()).ToArray();
        var changed = (change ?? (s => s))(scenario with { Script = [.. groups.SelectMany(g => g)] });
        var run = Torch.Run(changed);
        var last = new PyTorchObservation(
            scenario.Tree.WeightNames.ToImmutableSortedDictionary(w => w, _ => true, StringComparer.Ordinal), run.Initial);
        var position = 0;
        var observations = ImmutableArray.CreateBuilder<PyTorchObservation>();
        foreach (var group in groups)
        {
            position += group.Length;
            last = group.Length == 0 ? last : run.Steps[position - 1];
            observations.Add(last);
        }

        return run with { Steps = observations.ToImmutable() };
    }
}
