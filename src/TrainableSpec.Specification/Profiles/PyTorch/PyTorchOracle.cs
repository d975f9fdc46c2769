using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>
/// PyTorch's rule. There is no container flag: <c>requires_grad_</c> on a module sets every parameter below it,
/// and the last call wins (a frozen container with an inner layer unfrozen afterwards trains that layer — no
/// AND). Backward fills the gradient of each parameter that requires grad; the others keep what they had. The
/// optimizer then updates every parameter whose gradient is not null — also a zeroed stale gradient — so a
/// frozen parameter still moves when weight decay applies or when momentum or Adam state is left from earlier
/// steps; with gradients set to null it never moves. Sources: torch/nn/modules/module.py (requires_grad_),
/// torch/optim/sgd.py and adam.py (parameters with <c>p.grad is None</c> are skipped), torch/optim/optimizer.py
/// (zero_grad, set_to_none).
/// </summary>
public static class PyTorchOracle
{
    /// <summary>The expected state after each step: flags per weight, and the weights that move at a training step.</summary>
    public static ImmutableArray<(ImmutableSortedDictionary<string, bool> RequiresGrad, ImmutableSortedSet<string> Moving)> Predict(
        PyTorchScenario scenario) =>
        [.. Steps(scenario).Select(s => (s.RequiresGrad, s.Gradients is { } gradients
            ? gradients
                .Where(g => g.Value != GradientKind.None && Moves(scenario.Optimizer.Kind, g.Value))
                .Select(g => g.Key)
                .ToImmutableSortedSet(StringComparer.Ordinal)
            : []))];

    /// <summary>
    /// After each step, every weight's <c>requires_grad</c>, and at a training step what each weight's <c>.grad</c>
    /// holds when the optimizer steps: nothing, a zeroed stale gradient, or the gradient backward computed.
    /// </summary>
    internal static IEnumerable<(ImmutableSortedDictionary<string, bool> RequiresGrad,
        ImmutableSortedDictionary<string, GradientKind>? Gradients)> Steps(PyTorchScenario scenario)
    {
        var tree = scenario.Tree;
        var weights = tree.WeightNames.ToArray();
        var flags = weights.ToImmutableSortedDictionary(w => w, _ => true, StringComparer.Ordinal);
        var gradient = weights.ToImmutableSortedDictionary(w => w, _ => GradientKind.None, StringComparer.Ordinal);
        foreach (var step in scenario.Script)
        {
            if (step is RequiresGrad set)
            {
                foreach (var weight in WeightsBelow(tree, set.Node))
                {
                    flags = flags.SetItem(weight, set.Value);
                }

                yield return (flags, null);
                continue;
            }

            gradient = gradient.ToImmutableSortedDictionary(
                g => g.Key,
                g => flags[g.Key] ? GradientKind.Computed
                    : scenario.ZeroGrad == ZeroGradMode.SetToNone || g.Value == GradientKind.None ? GradientKind.None
                    : GradientKind.Zero,
                StringComparer.Ordinal);
            yield return (flags, gradient);
        }
    }

    /// <summary>The weights of the layers at or below <paramref name="node"/>.</summary>
    public static IEnumerable<string> WeightsBelow(TreeDescription tree, string node) => tree[node] switch
    {
        ContainerDescription c => c.Calls.SelectMany(call => WeightsBelow(tree, call)).Distinct(),
        DenseDescription or BatchNormDescription => TreeDescription.TrainableWeightNamesOf(tree[node]),
        _ => [],
    };

    /// <summary>
    /// Whether one optimizer step moves a weight whose gradient is not null. A zeroed gradient always follows a
    /// computed one, whose step built momentum or Adam state (which only decays), and weight decay applies
    /// wd·w to the never-all-zero generated kernels; so every optimizer but plain SGD moves such a weight, and
    /// plain SGD moves it only by a computed gradient.
    /// </summary>
    private static bool Moves(OptimizerKind kind, GradientKind gradient) =>
        kind != OptimizerKind.Sgd || gradient == GradientKind.Computed;
}

/// <summary>What a parameter's <c>.grad</c> holds when the optimizer steps.</summary>
internal enum GradientKind
{
    /// <summary>Null: the optimizer skips the parameter and its state.</summary>
    None,

    /// <summary>Zeros left by <c>zero_grad(set_to_none=False)</c>: the optimizer steps with a zero gradient.</summary>
    Zero,

    /// <summary>The gradient backward computed.</summary>
    Computed,
}
