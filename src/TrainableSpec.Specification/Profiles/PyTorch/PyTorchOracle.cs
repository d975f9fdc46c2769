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
        var hasState = weights.ToDictionary(w => w, _ => false);
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

            var moving = weights.Where(w => gradient[w] != Gradient.None && Moves(scenario.Optimizer.Kind, gradient[w], hasState, w)).ToImmutableSortedSet(StringComparer.Ordinal);
            predictions.Add((flags, moving));
        }

        return predictions.ToImmutable();
    }

    /// <summary>The weights of the layers at or below <paramref name="node"/>.</summary>
    public static IEnumerable<string> WeightsBelow(TreeDescription tree, string node) => tree[node] switch
    {
        ContainerDescription c => c.Calls.SelectMany(call => WeightsBelow(tree, call)).Distinct(),
        DenseDescription d => TreeDescription.WeightNamesOf(d),
        _ => [],
    };

    /// <summary>Applies one optimizer step to a weight whose gradient is not null; says whether the weight moves.</summary>
    private static bool Moves(OptimizerKind kind, Gradient gradient, Dictionary<string, bool> hasState, string weight)
    {
        var live = gradient == Gradient.Computed;
        switch (kind)
        {
            case OptimizerKind.Sgd:
                return live;
            case OptimizerKind.SgdWeightDecay:
                // The update is lr·(g + wd·w); the generated kernels are never all zero.
                return true;
            default:
                // Momentum buffer or Adam's first moment: non-zero from the first computed gradient on (it only
                // decays). A zeroed gradient always follows a computed one, which built that state, so a
                // parameter with a gradient that is not null moves exactly when it has a computed one or state.
                var moves = live || hasState[weight];
                hasState[weight] = moves;
                return moves;
        }
    }

    private enum Gradient
    {
        None,
        Zero,
        Computed,
    }
}
