using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What the oracles read of a tree again and again, worked out once per tree: nodes by position with each container's
/// calls as positions and each leaf's trainable weight names, and the all-true flags a script starts from. The walks
/// then mark positions instead of filling sets of names, and no weight name is formatted twice.
/// </summary>
internal sealed class TreeIndex
{
    // Keyed by the tree itself (not its value): a scenario's prediction and checks read the same instance.
    private static readonly ConditionalWeakTable<TreeDescription, TreeIndex> Indexes = [];

    private TreeIndex(TreeDescription tree)
    {
        var nodes = tree.Nodes;
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var n = 0; n < nodes.Length; n++)
        {
            position.Add(nodes[n].Name, n);
        }

        Names = [.. nodes.Select(n => n.Name)];
        Calls = [.. nodes.Select(n => n is ContainerDescription c ? c.Calls.Select(call => position[call]).ToArray() : null)];
        TrainableWeights = [.. nodes.Select(n => TreeDescription.TrainableWeightNamesOf(n).ToArray())];
        Root = position[tree.Root];
        WeightNames = [.. tree.WeightNames];
        HasBatchNorms = nodes.Any(n => n is BatchNormDescription);
        AllFlags = nodes.ToImmutableSortedDictionary(n => n.Name, _ => true, StringComparer.Ordinal);
        AllVariables = tree.TrainableWeightNames.ToImmutableSortedDictionary(n => n, _ => true, StringComparer.Ordinal);
    }

    /// <summary>The node names, in node order.</summary>
    public string[] Names { get; }

    /// <summary>Each container's calls, by node position; null for a leaf.</summary>
    public int[]?[] Calls { get; }

    /// <summary>Each node's trainable weight names (<see cref="TreeDescription.TrainableWeightNamesOf"/>), by node position.</summary>
    public string[][] TrainableWeights { get; }

    /// <summary>Every weight's name, as <see cref="TreeDescription.WeightNames"/> lists them.</summary>
    public string[] WeightNames { get; }

    /// <summary>The root's position.</summary>
    public int Root { get; }

    /// <summary>Whether any node is a batch normalization.</summary>
    public bool HasBatchNorms { get; }

    /// <summary>Every node's flag, true (immutable, so every script can start from the one instance).</summary>
    public ImmutableSortedDictionary<string, bool> AllFlags { get; }

    /// <summary>Every trainable weight's own flag, true.</summary>
    public ImmutableSortedDictionary<string, bool> AllVariables { get; }

    /// <summary>The index of <paramref name="tree"/>.</summary>
    public static TreeIndex Of(TreeDescription tree) => Indexes.GetValue(tree, t => new TreeIndex(t));
}
