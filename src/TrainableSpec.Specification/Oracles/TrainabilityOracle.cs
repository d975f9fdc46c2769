using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// The article's rule, stated for any tree: a weight is trainable exactly when every flag on some path from
/// the model to its layer is true — the model's, each container's on the way, and the layer's own. With
/// sharing a layer has several paths; one all-true path is enough. Flags never change other flags.
/// </summary>
public static class TrainabilityOracle
{
    /// <summary>
    /// The trainable weight names of <paramref name="tree"/> under <paramref name="flags"/> (a missing flag counts as true).
    /// </summary>
    public static ImmutableSortedSet<string> TrainableWeights(TreeDescription tree, IReadOnlyDictionary<string, bool> flags)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var index = TreeIndex.Of(tree);
        Span<bool> reached = index.Names.Length <= 256 ? stackalloc bool[index.Names.Length] : new bool[index.Names.Length];
        Walk(index, flags, reached, index.Root);
        // The leaves in node order, as the set has always been filled (its order is its comparer's, whatever the order added).
        var trainable = ImmutableSortedSet.CreateBuilder<string>();
        for (var n = 0; n < reached.Length; n++)
        {
            if (reached[n])
            {
                foreach (var weight in index.TrainableWeights[n])
                {
                    trainable.Add(weight);
                }
            }
        }

        return trainable.ToImmutable();
    }

    // Marks the nodes reached through a path of true flags, their own included.
    private static void Walk(TreeIndex index, IReadOnlyDictionary<string, bool> flags, Span<bool> reached, int node)
    {
        if (!flags.GetValueOrDefault(index.Names[node], true) || reached[node])
        {
            return;
        }

        reached[node] = true;
        if (index.Calls[node] is { } calls)
        {
            foreach (var call in calls)
            {
                Walk(index, flags, reached, call);
            }
        }
    }

    /// <summary>The batch normalizations reached through a path of nodes whose flags are all true, their own included.</summary>
    public static ImmutableSortedSet<string> OpenBatchNorms(TreeDescription tree, IReadOnlyDictionary<string, bool> flags)
    {
        var open = TrainableWeights(tree, flags);
        return [.. tree.BatchNorms.Where(bn => open.Contains($"{bn.Name}/beta")).Select(bn => bn.Name)];
    }

    /// <summary>The number of paths from the model to some layer that have at least one false flag.</summary>
    public static int FrozenPaths(TreeDescription tree, IReadOnlyDictionary<string, bool> flags)
    {
        int Count(string name, bool open)
        {
            var stillOpen = open && flags.GetValueOrDefault(name, true);
            return tree[name] switch
            {
                ContainerDescription c => c.Calls.Sum(call => Count(call, stillOpen)),
                _ => stillOpen ? 0 : 1,
            };
        }

        return Count(tree.Root, true);
    }
}
