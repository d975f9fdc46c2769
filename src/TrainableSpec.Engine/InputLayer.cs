namespace TrainableSpec.Engine;

/// <summary>The layer behind a session's input tensor. It has no weights and, as in Keras, is not trainable.</summary>
public sealed class InputLayer : Layer
{
    internal InputLayer(int width, string name)
        : base(name) => Width = width;

    /// <summary>The width of each sample.</summary>
    public int Width { get; }

    /// <summary>Always false: an input has nothing to train.</summary>
    public override bool Trainable { get => false; set { } }

    /// <inheritdoc />
    public override IReadOnlyList<Weight> Weights => [];

    /// <inheritdoc />
    protected override string DefaultNamePrefix => "input";

    /// <inheritdoc />
    protected override int OutputWidth(int inputWidth) => Width;

    /// <inheritdoc />
    protected override void AcceptInputWidth(int inputWidth, Tensor input) =>
        throw new GraphException($"{Name} is an input; it cannot be called on {input}.");

    // An input cannot be called, so it computes nothing.
    internal override int CallCount => 0;

    internal override void AppendCalls(Layer[] calls, ref int count)
    {
    }
}
