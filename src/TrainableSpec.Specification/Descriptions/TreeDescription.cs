using System.Collections.Immutable;

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
        Nodes = [.. nodes];
        Root = root;
        ByName = Validate(Nodes, root);
    }

    /// <summary>The width of every layer's input and output.</summary>
    public int Width { get; }

    /// <summary>The nodes, each once.</summary>
    public ImmutableArray<NodeDescription> Nodes { get; }

    /// <summary>The name of the container the model applies; it stands for the model itself.</summary>
    public string Root { get; }

    private ImmutableDictionary<string, NodeDescription> ByName { get; }

    /// <summary>The node called <paramref name="name"/>.</summary>
    public NodeDescription this[string name] =>
        ByName.TryGetValue(name, out var node) ? node : throw new InvalidDescriptionException($"The tree has no node named '{name}'.");

    /// <summary>Whether a node of that name exists.</summary>
    public bool Contains(string name) => ByName.ContainsKey(name);

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
    public IEnumerable<string> WeightNames => Leaves.SelectMany(WeightNamesOf);

    /// <summary>The names of every weight an optimizer may train (<see cref="TrainableWeightNamesOf"/> of each leaf).</summary>
    public IEnumerable<string> TrainableWeightNames => Leaves.SelectMany(TrainableWeightNamesOf);

    /// <summary>The moving statistics of the batch normalizations named in <paramref name="batchNorms"/>.</summary>
    public IEnumerable<string> StatisticNames(IEnumerable<string> batchNorms) =>
        batchNorms.SelectMany(bn => StatisticNamesOf((BatchNormDescription)this[bn]));

    /// <summary>The weight names of one node (none for a container).</summary>
    public static IEnumerable<string> WeightNamesOf(NodeDescription node) => node switch
    {
        BatchNormDescription bn => [$"{bn.Name}/beta", .. StatisticNamesOf(bn)],
        _ => TrainableWeightNamesOf(node),
    };

    /// <summary>The weights of one node an optimizer may train: a dense layer's kernel and bias, a batch normalization's beta.</summary>
    public static IEnumerable<string> TrainableWeightNamesOf(NodeDescription node) => node switch
    {
        DenseDescription { UseBias: true } d => [$"{d.Name}/kernel", $"{d.Name}/bias"],
        DenseDescription d => [$"{d.Name}/kernel"],
        BatchNormDescription bn => [$"{bn.Name}/beta"],
        _ => [],
    };

    /// <summary>The moving statistics of a batch normalization.</summary>
    public static IEnumerable<string> StatisticNamesOf(BatchNormDescription layer) =>
        [$"{layer.Name}/moving_mean", $"{layer.Name}/moving_variance"];

    /// <summary>The length of the longest chain of dense applications a forward pass makes.</summary>
    public int ForwardLength => LengthOf(Root);

    /// <summary>The depth of container nesting below the root (0 when the root holds only layers).</summary>
    public int Depth => DepthOf(Root);

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

    private static ImmutableDictionary<string, NodeDescription> Validate(ImmutableArray<NodeDescription> nodes, string root)
    {
        var byName = new Dictionary<string, NodeDescription>();
        foreach (var node in nodes)
        {
            if (string.IsNullOrWhiteSpace(node.Name) || node.Name.Contains('/'))
            {
                throw new InvalidDescriptionException($"Node name '{node.Name}' is empty or contains '/'.");
            }

            if (!byName.TryAdd(node.Name, node))
            {
                throw new InvalidDescriptionException($"Node name '{node.Name}' is used by two nodes; names must be unique.");
            }
        }

        if (!byName.TryGetValue(root, out var rootNode) || rootNode is not ContainerDescription)
        {
            throw new InvalidDescriptionException($"The root '{root}' must name a container of the tree.");
        }

        foreach (var container in nodes.OfType<ContainerDescription>())
        {
            if (container.Calls.IsDefaultOrEmpty)
            {
                throw new InvalidDescriptionException($"Container '{container.Name}' calls nothing; a container needs at least one call.");
            }

            foreach (var (call, index) in container.Calls.Select((c, i) => (c, i)))
            {
                if (!byName.ContainsKey(call))
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

        RejectCycles(byName);
        return byName.ToImmutableDictionary();
    }

    private static void RejectCycles(Dictionary<string, NodeDescription> byName)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        void Visit(string name)
        {
            if (path.Contains(name))
            {
                var cycle = path.SkipWhile(n => n != name).Append(name);
                throw new InvalidDescriptionException($"Container '{name}' contains itself: {string.Join(" → ", cycle)}.");
            }

            if (!done.Add(name))
            {
                return;
            }

            path.Add(name);
            if (byName[name] is ContainerDescription c)
            {
                foreach (var child in c.Calls)
                {
                    Visit(child);
                }
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var name in byName.Keys)
        {
            Visit(name);
        }
    }
}
