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
    public static ImmutableArray<(ImmutableSortedDictionary<string, bool> RequiresGrad, ImmutableSortedSet<string> Moving)> Predict(PyTorchScenario scenario)
    {
        var tree = scenario.Tree;
        var weights = tree.WeightNames.ToArray();
        var flags = weights.ToImmutableSortedDictionary(w => w, _ => true, StringComparer.Ordinal);
        var gradient = weights.ToDictionary(w => w, _ => Gradient.None);
        var predictions = ImmutableArray.CreateBuilder<(ImmutableSortedDictionary<string, bool>, ImmutableSortedSet<string>)>();
        foreach (var step in scenario.Script)
        {
            if (step is RequiresGrad set)
            {
                foreach (var weight in WeightsBelow(tree, set.Node))
                {
                    flags = flags.SetItem(weight, set.Value);
                }

                predictions.Add((flags, []));
                continue;
            }

            foreach (var weight in weights)
            {
                gradient[weight] = scenario.ZeroGrad == ZeroGradMode.SetToNone || gradient[weight] == Gradient.None ? Gradient.None : Gradient.Zero;
                if (flags[weight])
                {
                    gradient[weight] = Gradient.Computed;
                }
            }

            var moving = weights.Where(w => gradient[w] != Gradient.None && Moves(scenario.Optimizer.Kind, gradient[w])).ToImmutableSortedSet(StringComparer.Ordinal);
            predictions.Add((flags, moving));
        }

        return predictions.ToImmutable();
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
    private static bool Moves(OptimizerKind kind, Gradient gradient) =>
        kind != OptimizerKind.Sgd || gradient == Gradient.Computed;

    private enum Gradient
    {
        None,
        Zero,
        Computed,
    }
}
