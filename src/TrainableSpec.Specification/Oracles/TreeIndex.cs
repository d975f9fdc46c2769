using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What the oracles read of a tree again and again, worked out once per tree: nodes by position with each container's
/// calls as positions and each node's weight names, and the all-true flags a script starts from. The walks then mark
/// positions instead of filling sets of names, and no weight name is formatted twice.
/// </summary>
internal sealed class TreeIndex
{
    // The last tree's index on this thread: a scenario's prediction and checks read the same tree one after another,
    // and a run of scenarios moves on to the next tree, so one entry is all a cache would hold that is ever read again.
    [ThreadStatic]
    private static TreeIndex? _last;

    private ImmutableSortedSet<string>? _allVariableSet;
    private int[]? _nodesByName;
    private string[]? _variableNames;

    private TreeIndex(TreeDescription tree)
    {
        Tree = tree;
        var nodes = tree.Nodes;
        // The tree's own strings: a weight name is formatted once per tree.
        (Names, Calls, TrainableWeights) = (new string[nodes.Length], new int[]?[nodes.Length], tree.OwnTrainableWeightNames);
        var hasBatchNorms = false;
        var flags = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
        for (var n = 0; n < nodes.Length; n++)
        {
            Names[n] = nodes[n].Name;
            flags.Add(Names[n], true);
            hasBatchNorms |= nodes[n] is BatchNormDescription;
        }

        // A few dozen nodes at most, so a call is found by a look along the names rather than through a dictionary.
        for (var n = 0; n < nodes.Length; n++)
        {
            if (nodes[n] is ContainerDescription container)
            {
                var calls = new int[container.Calls.Length];
                for (var c = 0; c < calls.Length; c++)
                {
                    calls[c] = Array.IndexOf(Names, container.Calls[c]);
                }

                Calls[n] = calls;
            }
        }

        // The tree's own list (computed once there): each leaf's trainable names, then a batch normalization's statistics.
        (WeightNames, HasBatchNorms) = ([.. tree.WeightNames], hasBatchNorms);
        var variables = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
        foreach (var names in TrainableWeights)
        {
            foreach (var name in names)
            {
                variables.Add(name, true);
            }
        }

        Root = Array.IndexOf(Names, tree.Root);
        (AllFlags, AllVariables) = (flags.ToImmutable(), variables.ToImmutable());
    }

    /// <summary>The tree indexed.</summary>
    public TreeDescription Tree { get; }

    /// <summary>The node names, in node order.</summary>
    public string[] Names { get; }

    /// <summary>Each container's calls, by node position; null for a leaf.</summary>
    public int[]?[] Calls { get; }

    /// <summary>
    /// Each node's trainable weight names (<see cref="TreeDescription.TrainableWeightNamesOf"/>), by node position: the
    /// tree's own arrays, shared, so read them and never write them.
    /// </summary>
    public string[][] TrainableWeights { get; }

    /// <summary>Every weight's name, as <see cref="TreeDescription.WeightNames"/> lists them.</summary>
    public string[] WeightNames { get; }

    /// <summary>
    /// The node positions in the ordinal order of their names, the order of a flags dictionary's keys: made at the first
    /// read, and never to be written.
    /// </summary>
    public int[] NodesByName
    {
        get
        {
            if (_nodesByName is null)
            {
                var positions = new int[Names.Length];
                for (var n = 0; n < positions.Length; n++)
                {
                    positions[n] = n;
                }

                var names = Names.AsSpan().ToArray();
                Array.Sort(names, positions, StringComparer.Ordinal);
                _nodesByName = positions;
            }

            return _nodesByName;
        }
    }

    /// <summary>The root's position.</summary>
    public int Root { get; }

    /// <summary>Whether any node is a batch normalization.</summary>
    public bool HasBatchNorms { get; }

    /// <summary>Every node's flag, true (immutable, so a script can start from it and the checks read it).</summary>
    public ImmutableSortedDictionary<string, bool> AllFlags { get; }

    /// <summary>Every trainable weight's own flag, true.</summary>
    public ImmutableSortedDictionary<string, bool> AllVariables { get; }

    /// <summary>Every trainable weight's name, each once in ordinal order: the keys of <see cref="AllVariables"/>.</summary>
    public ImmutableSortedSet<string> AllVariableSet =>
        _allVariableSet ??= ImmutableSortedSet.Create(StringComparer.Ordinal, SortedVariableNames().AsSpan());

    /// <summary>
    /// The keys of <paramref name="variables"/> in order: those of <see cref="AllVariables"/>, listed once per tree, when
    /// it has as many (a script's assignments only ever set its keys' values or add a key).
    /// </summary>
    public ImmutableArray<string> VariableNames(ImmutableSortedDictionary<string, bool> variables) =>
        variables.Count == AllVariables.Count ? SortedVariableNames() : [.. variables.Keys];

    // The tree's own list, sorted: the same names in the same order as the dictionary's keys, without walking it (an
    // immutable tree's enumerator cost more than the sort).
    private ImmutableArray<string> SortedVariableNames()
    {
        if (_variableNames is null)
        {
            string[] sorted = [.. Tree.TrainableWeightNames];
            Array.Sort(sorted, StringComparer.Ordinal);
            _variableNames = sorted;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(_variableNames);
    }

    /// <summary>The index of <paramref name="tree"/>.</summary>
    public static TreeIndex Of(TreeDescription tree)
    {
        // The very instance: a tree equal in value may still be another tree.
        if (_last is not { } last || !ReferenceEquals(last.Tree, tree))
        {
            last = new TreeIndex(tree);
            _last = last;
        }

        return last;
    }
}
