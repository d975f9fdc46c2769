using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// A tree of dense layers and containers as the gradient passes walk it, worked out once per tree: the trainable
/// weights in the order the tree lists them, each layer's kernel and bias by their position there, and the forward
/// sequence as layer positions. The passes then index arrays instead of looking names up at every sample and use.
/// </summary>
internal sealed class GradientPlan
{
    // The last tree's plan on this thread: every fit of a scenario passes over the same tree (see TreeIndex).
    [ThreadStatic]
    private static GradientPlan? _last;

    private GradientPlan(TreeIndex index)
    {
        Tree = index.Tree;
        var nodes = Tree.Nodes;
        // Each dense layer's position among the layers, by node position; −1 for any other node.
        var layer = new int[nodes.Length];
        var (layers, weights) = (0, 0);
        for (var n = 0; n < nodes.Length; n++)
        {
            layer[n] = nodes[n] is DenseDescription ? layers++ : -1;
            weights += nodes[n] is DenseDescription ? index.TrainableWeights[n].Length : 0;
        }

        (Kernel, Bias, Activation, Names) = (new int[layers], new int[layers], new ActivationKind[layers], new string[weights]);
        var at = 0;
        for (var n = 0; n < nodes.Length; n++)
        {
            if (nodes[n] is DenseDescription dense)
            {
                var (l, own) = (layer[n], index.TrainableWeights[n]);
                Activation[l] = dense.Activation;
                Kernel[l] = at;
                Bias[l] = own.Length > 1 ? at + 1 : -1;
                own.CopyTo(Names, at);
                at += own.Length;
            }
        }

        Width = Tree.Width;
        Sequence = new int[Length(index, index.Root)];
        at = 0;
        Walk(index, layer, index.Root, Sequence, ref at);
    }

    /// <summary>The tree planned.</summary>
    public TreeDescription Tree { get; }

    /// <summary>The width of every layer.</summary>
    public int Width { get; }

    /// <summary>The trainable weights, as <see cref="TreeDescription.TrainableWeightNames"/> lists them.</summary>
    public string[] Names { get; }

    /// <summary>Each layer's kernel, by its position in <see cref="Names"/>.</summary>
    public int[] Kernel { get; }

    /// <summary>Each layer's bias, by its position in <see cref="Names"/>, or −1 for a layer without one.</summary>
    public int[] Bias { get; }

    /// <summary>Each layer's activation.</summary>
    public ActivationKind[] Activation { get; }

    /// <summary>The layers a forward pass applies (<see cref="TreeDescription.ForwardSequence"/>), shared layers repeated.</summary>
    public int[] Sequence { get; }

    /// <summary>The plan of <paramref name="tree"/>, which holds dense layers and containers only.</summary>
    public static GradientPlan Of(TreeDescription tree)
    {
        if (_last is not { } last || !ReferenceEquals(last.Tree, tree))
        {
            last = new GradientPlan(TreeIndex.Of(tree));
            _last = last;
        }

        return last;
    }

    /// <summary>The position of a trainable weight in <see cref="Names"/>, or −1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Names, name);

    // The number of layers a forward pass through the node applies.
    private static int Length(TreeIndex index, int node)
    {
        if (index.Calls[node] is not { } calls)
        {
            return 1;
        }

        var length = 0;
        foreach (var call in calls)
        {
            length += Length(index, call);
        }

        return length;
    }

    private static void Walk(TreeIndex index, int[] layer, int node, int[] sequence, ref int at)
    {
        if (index.Calls[node] is { } calls)
        {
            foreach (var call in calls)
            {
                Walk(index, layer, call, sequence, ref at);
            }
        }
        else
        {
            sequence[at++] = layer[node];
        }
    }
}
