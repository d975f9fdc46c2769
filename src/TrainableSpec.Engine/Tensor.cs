namespace TrainableSpec.Engine;

/// <summary>
/// A symbolic batch of vectors: the result of calling a layer on another tensor, or a session's input.
/// Tensors only describe how to compute; <see cref="Model.Fit"/> and <see cref="Model.Predict"/> compute.
/// </summary>
public sealed class Tensor
{
    internal Tensor(Session session, int width, Layer producer, Tensor? producerInput)
    {
        Session = session;
        Width = width;
        Producer = producer;
        ProducerInput = producerInput;
    }

    /// <summary>The session the tensor belongs to.</summary>
    public Session Session { get; }

    /// <summary>The number of values in each sample.</summary>
    public int Width { get; }

    /// <summary>The layer whose call produced this tensor (an <see cref="InputLayer"/> for an input).</summary>
    public Layer Producer { get; }

    internal Tensor? ProducerInput { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Producer.Name} output (width {Width})";
}
