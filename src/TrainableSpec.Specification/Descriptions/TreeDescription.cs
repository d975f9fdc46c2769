using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// An immutable description of a model: nodes that map vectors of <see cref="Width"/> values to vectors of the
/// same width, and the <see cref="Root"/> container the model applies. Nodes may be shared (reached through
/// several paths); no container may contain itself.
/// </summary>
public sealed record TreeDescription
{
    /// <summary>Creates and validates a tree.</summary>
    /// <exception cref="InvalidDescriptionException">
    /// Names repeat or are unknown, the root is not a container, or a container contains itself.
    /// </exception>
    public TreeDescription(int width, IEnumerable<NodeDescription> nodes, string root)
    {
        Width = width > 0 ? width : throw new InvalidDescriptionException($"Tree width must be positive, but was {width}.");
        // An immutable array handed in (boxed) is kept as it is: it cannot change.
        Nodes = nodes is ImmutableArray<NodeDescription> { IsDefault: false } array ? array : [.. nodes];
        Root = root;
        _indices = Validate(Nodes, root);
    }

    /// <summary>The width of every layer's input and output.</summary>
    public int Width { get; }

    /// <summary>The nodes, each once.</summary>
    public ImmutableArray<NodeDescription> Nodes { get; }

    /// <summary>The name of the container the model applies; it stands for the model itself.</summary>
    public string Root { get; }

    // Each node's index in Nodes. Never written after the constructor, so the tree stays immutable; a plain dictionary is
    // built and read far faster than an immutable one.
    private readonly Dictionary<string, int> _indices;

    // Derived once, when first asked for: the tree cannot change. A race computes the same value twice.
    private int _forwardLength = -1;
    private int _depth = -1;
    private IEnumerable<string>? _weightNames;
    private IEnumerable<string>? _trainableWeightNames;
    private OwnNames? _ownNames;

    /// <summary>The node called <paramref name="name"/>.</summary>
    public NodeDescription this[string name] =>
        _indices.TryGetValue(name, out var index)
            ? Nodes[index]
            : throw new InvalidDescriptionException($"The tree has no node named '{name}'.");

    /// <summary>Whether a node of that name exists.</summary>
    public bool Contains(string name) => _indices.ContainsKey(name);

    /// <summary>The dense layers, in node order.</summary>
    public IEnumerable<DenseDescription> Layers => Nodes.OfType<DenseDescription>();

    /// <summary>The containers, in node order (the root among them).</summary>
    public IEnumerable<ContainerDescription> Containers => Nodes.OfType<ContainerDescription>();

    /// <summary>The nodes that are not containers (dense layers and batch normalizations), in node order.</summary>
    public IEnumerable<NodeDescription> Leaves => Nodes.Where(n => n is not ContainerDescription);

    /// <summary>The batch normalizations, in node order.</summary>
    public IEnumerable<BatchNormDescription> BatchNorms => Nodes.OfType<BatchNormDescription>();

    /// <summary>
    /// Every weight's name: <c>{layer}/kernel</c>, then <c>{layer}/bias</c> where the layer has one; for a batch
    /// normalization <c>beta</c>, <c>moving_mean</c>, <c>moving_variance</c>.
    /// </summary>
    public IEnumerable<string> WeightNames => _weightNames ??= Flattened(Own.All);

    /// <summary>The names of every weight an optimizer may train (<see cref="TrainableWeightNamesOf"/> of each leaf).</summary>
    public IEnumerable<string> TrainableWeightNames => _trainableWeightNames ??= Flattened(Own.Trainable);

    /// <summary>
    /// Each node's trainable weight names by node position (<see cref="TrainableWeightNamesOf"/>; none for a container),
    /// the very strings <see cref="WeightNames"/> holds (unless two threads first ask at once and each formats them):
    /// formatted once per tree, so the oracles' lookups of these names find them by reference before comparing characters.
    /// Shared: read it, never write it.
    /// </summary>
    internal string[][] OwnTrainableWeightNames => Own.Trainable;

    private OwnNames Own => _ownNames ??= OwnNames.Of(Nodes);

    /// <summary>The moving statistics of the batch normalizations named in <paramref name="batchNorms"/>.</summary>
    public IEnumerable<string> StatisticNames(IEnumerable<string> batchNorms) =>
        batchNorms.SelectMany(bn => StatisticNamesOf((BatchNormDescription)this[bn]));

    /// <summary>The weight names of one node (none for a container).</summary>
    public static IEnumerable<string> WeightNamesOf(NodeDescription node) => Formatted(node, trainableOnly: false);

    /// <summary>The weights of one node an optimizer may train: a dense layer's kernel and bias, a batch normalization's beta.</summary>
    public static IEnumerable<string> TrainableWeightNamesOf(NodeDescription node) => Formatted(node, trainableOnly: true);

    /// <summary>The moving statistics of a batch normalization.</summary>
    public static IEnumerable<string> StatisticNamesOf(BatchNormDescription layer) =>
        [$"{layer.Name}/moving_mean", $"{layer.Name}/moving_variance"];

    /// <summary>The length of the longest chain of dense applications a forward pass makes.</summary>
    public int ForwardLength => _forwardLength >= 0 ? _forwardLength : _forwardLength = LengthOf(Root);

    /// <summary>The depth of container nesting below the root (0 when the root holds only layers).</summary>
    public int Depth => _depth >= 0 ? _depth : _depth = DepthOf(Root);

    /// <summary>The sequence of dense layer names a forward pass applies, in order, shared layers repeated.</summary>
    public IEnumerable<string> ForwardSequence(string node) => this[node] switch
    {
        ContainerDescription c => c.Calls.SelectMany(ForwardSequence),
        _ => [node],
    };

    /// <summary>How many times each node is called in one forward pass of the model.</summary>
    public ImmutableDictionary<string, int> UseCounts()
    {
        var counts = Nodes.ToDictionary(n => n.Name, _ => 0);
        void Visit(string name)
        {
            counts[name]++;
            if (this[name] is ContainerDescription c)
            {
                foreach (var child in c.Calls)
                {
                    Visit(child);
                }
            }
        }

        Visit(Root);
        return counts.ToImmutableDictionary();
    }

    /// <inheritdoc />
    public bool Equals(TreeDescription? other) =>
        other is not null && Width == other.Width && Root == other.Root && Nodes.SequenceEqual(other.Nodes);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Width, Root, Nodes.Length);

    /// <summary>A one-line picture such as <c>model[c1[d1 d2] d1]</c>, shared nodes shown at each use.</summary>
    public override string ToString() => Picture(Root);

    private string Picture(string name) => this[name] switch
    {
        ContainerDescription c => $"{name}[{string.Join(" ", c.Calls.Select(Picture))}]",
        DenseDescription d => d.Activation == ActivationKind.Linear && !d.UseBias
            ? name
            : $"{name}({d.Activation.ToString().ToLowerInvariant()}{(d.UseBias ? ",bias" : "")})",
        BatchNormDescription => $"{name}(bn)",
        _ => name,
    };

    private int LengthOf(string name) => this[name] switch
    {
        ContainerDescription c => c.Calls.Sum(LengthOf),
        _ => 1,
    };

    private int DepthOf(string name) => this[name] switch
    {
        ContainerDescription c => c.Calls.Select(n => this[n] is ContainerDescription ? 1 + DepthOf(n) : 0).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    // A new array at every call (the empty one aside), so a caller that casts it back cannot change another's.
    private static string[] Formatted(NodeDescription node, bool trainableOnly) => node switch
    {
        DenseDescription { UseBias: true } d => [$"{d.Name}/kernel", $"{d.Name}/bias"],
        DenseDescription d => [$"{d.Name}/kernel"],
        BatchNormDescription bn when trainableOnly => [$"{bn.Name}/beta"],
        BatchNormDescription bn => [$"{bn.Name}/beta", .. StatisticNamesOf(bn)],
        _ => [],
    };

    // Every list end to end, in one array, boxed once where it is kept, so that reading the names again allocates nothing.
    private static ImmutableArray<string> Flattened(string[][] lists)
    {
        var count = 0;
        foreach (var list in lists)
        {
            count += list.Length;
        }

        var (all, at) = (new string[count], 0);
        foreach (var list in lists)
        {
            list.CopyTo(all, at);
            at += list.Length;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(all);
    }

    // Both lists of every node made at once, so that a race between two readers publishes one pair or the other whole.
    private sealed record OwnNames(string[][] All, string[][] Trainable)
    {
        public static OwnNames Of(ImmutableArray<NodeDescription> nodes)
        {
            var (all, trainable) = (new string[nodes.Length][], new string[nodes.Length][]);
            for (var n = 0; n < nodes.Length; n++)
            {
                all[n] = Formatted(nodes[n], trainableOnly: false);
                // A dense layer trains all its weights; a batch normalization only beta, its first.
                trainable[n] = nodes[n] is BatchNormDescription ? [all[n][0]] : all[n];
            }

            return new OwnNames(all, trainable);
        }
    }

    private static Dictionary<string, int> Validate(ImmutableArray<NodeDescription> nodes, string root)
    {
        var indices = new Dictionary<string, int>(nodes.Length);
        for (var i = 0; i < nodes.Length; i++)
        {
            var name = nodes[i].Name;
            if (string.IsNullOrWhiteSpace(name) || name.Contains('/'))
            {
                throw new InvalidDescriptionException($"Node name '{name}' is empty or contains '/'.");
            }

            if (!indices.TryAdd(name, i))
            {
                throw new InvalidDescriptionException($"Node name '{name}' is used by two nodes; names must be unique.");
            }
        }

        if (!indices.TryGetValue(root, out var rootIndex) || nodes[rootIndex] is not ContainerDescription)
        {
            throw new InvalidDescriptionException($"The root '{root}' must name a container of the tree.");
        }

        foreach (var node in nodes)
        {
            if (node is ContainerDescription container)
            {
                CheckCalls(container, indices, root);
            }
        }

        RejectCycles(nodes, indices);
        return indices;
    }

    private static void CheckCalls(ContainerDescription container, Dictionary<string, int> indices, string root)
    {
        if (container.Calls.IsDefaultOrEmpty)
        {
            throw new InvalidDescriptionException($"Container '{container.Name}' calls nothing; a container needs at least one call.");
        }

        for (var index = 0; index < container.Calls.Length; index++)
        {
            var call = container.Calls[index];
            if (!indices.ContainsKey(call))
            {
                throw new InvalidDescriptionException(
                    $"Container '{container.Name}' call {index} names '{call}', which is not a node of the tree.");
            }

            if (call == root)
            {
                throw new InvalidDescriptionException(
                    $"Container '{container.Name}' calls the root '{root}'; the model cannot be inside itself.");
            }
        }
    }

    // A depth-first walk from every node in node order, each node entered once: one met again while on the path closes a
    // cycle, named from where it starts.
    private static void RejectCycles(ImmutableArray<NodeDescription> nodes, Dictionary<string, int> indices)
    {
        var done = new bool[nodes.Length];
        var onPath = new bool[nodes.Length];
        var path = new List<int>();
        void Visit(int node)
        {
            if (onPath[node])
            {
                var cycle = path.SkipWhile(n => n != node).Append(node).Select(n => nodes[n].Name);
                throw new InvalidDescriptionException($"Container '{nodes[node].Name}' contains itself: {string.Join(" → ", cycle)}.");
            }

            if (done[node])
            {
                return;
            }

            done[node] = onPath[node] = true;
            path.Add(node);
            if (nodes[node] is ContainerDescription c)
            {
                foreach (var child in c.Calls)
                {
                    Visit(indices[child]);
                }
            }

            path.RemoveAt(path.Count - 1);
            onPath[node] = false;
        }

        for (var i = 0; i < nodes.Length; i++)
        {
            Visit(i);
        }
    }
}
