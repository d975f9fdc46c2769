using System.Runtime.CompilerServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// A tree of dense layers and containers as the gradient passes walk it, worked out once per tree: the trainable
/// weights in the order the tree lists them, each layer's kernel and bias by their position there, and the forward
/// sequence as layer positions. The passes then index arrays instead of looking names up at every sample and use.
/// </summary>
internal sealed class GradientPlan
{
    // Keyed by the tree itself (not its value): a scenario's checks and every fit of its script read the same instance.
    private static readonly ConditionalWeakTable<TreeDescription, GradientPlan> Plans = [];

    private GradientPlan(TreeDescription tree)
    {
        var layers = tree.Layers.ToArray();
        var names = new List<string>();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        (Kernel, Bias, Activation) = (new int[layers.Length], new int[layers.Length], new ActivationKind[layers.Length]);
        for (var l = 0; l < layers.Length; l++)
        {
            position.Add(layers[l].Name, l);
            Activation[l] = layers[l].Activation;
            Kernel[l] = names.Count;
            names.Add($"{layers[l].Name}/kernel");
            Bias[l] = layers[l].UseBias ? names.Count : -1;
            if (layers[l].UseBias)
            {
                names.Add($"{layers[l].Name}/bias");
            }
        }

        (Width, Names) = (tree.Width, [.. names]);
        Sequence = [.. tree.ForwardSequence(tree.Root).Select(n => position[n])];
    }

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

    /// <summary>The layers a forward pass applies, in order, shared layers repeated.</summary>
    public int[] Sequence { get; }

    /// <summary>The plan of <paramref name="tree"/>, which holds dense layers and containers only.</summary>
    public static GradientPlan Of(TreeDescription tree) => Plans.GetValue(tree, t => new GradientPlan(t));

    /// <summary>The position of a trainable weight in <see cref="Names"/>, or −1.</summary>
    public int IndexOf(string name) => Array.IndexOf(Names, name);
}
