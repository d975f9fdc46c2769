using TorchSharp;
using TorchSharp.Modules;
using TrainableSpec.Specification.Descriptions;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>The forward pass of a described tree on libtorch tensors, with the weights looked up by name.</summary>
internal static class TreeForward
{
    // TorchSharp's operators turn numbers into native Scalars that nothing keeps alive during the native call; under
    // GC pressure a finalizer can free one mid-call (measured: libtorch's "toFloat" check failing in add_Tensor after
    // thousands of cases). Every Scalar this code passes is held by a field or a using.
    private static readonly Scalar One = 1.0.ToScalar();

    /// <summary>
    /// The output of <paramref name="node"/> on <paramref name="input"/>; a batch normalization runs through
    /// <paramref name="normalize"/>, which an implementation without one leaves null.
    /// </summary>
    public static Tensor Apply(
        TreeDescription tree, string node, Tensor input, Func<string, Tensor> weight, Func<string, Tensor, Tensor>? normalize = null) =>
        tree[node] switch
        {
            ContainerDescription c => c.Calls.Aggregate(input, (x, call) => Apply(tree, call, x, weight, normalize)),
            DenseDescription d => Activate(
                d.Activation,
                d.UseBias
                    ? input.matmul(weight($"{node}/kernel")).add(weight($"{node}/bias"), One)
                    : input.matmul(weight($"{node}/kernel"))),
            BatchNormDescription when normalize is not null => normalize(node, input),
            _ => throw new InvalidDescriptionException($"Node '{node}' is neither a container nor a dense layer."),
        };

    /// <summary>
    /// The parameters a module's <c>requires_grad_</c> reaches, as PyTorch's <c>module.parameters()</c> lists them:
    /// the layer's own, or those of every module below a container.
    /// </summary>
    public static IEnumerable<string> ParametersBelow(TreeDescription tree, string node) => tree[node] switch
    {
        ContainerDescription c => c.Calls.SelectMany(call => ParametersBelow(tree, call)).Distinct(),
        DenseDescription d => TreeDescription.WeightNamesOf(d),
        _ => throw new InvalidDescriptionException($"Node '{node}' is neither a container nor a dense layer."),
    };

    public static Tensor Batch(
        System.Collections.Immutable.ImmutableArray<System.Collections.Immutable.ImmutableArray<float>> rows, int width) =>
        tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, width], ScalarType.Float32);

    private static Tensor Activate(ActivationKind activation, Tensor z) => activation switch
    {
        ActivationKind.Sigmoid => z.sigmoid(),
        ActivationKind.Tanh => z.tanh(),
        _ => z,
    };
}
