namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// Assigns <paramref name="Value"/> to the flag of one trainable variable, such as <c>d1/kernel</c>: Keras 3's
/// <c>variable.trainable</c>, TensorFlow.js's <c>LayerVariable.trainable</c>, PyTorch's <c>param.requires_grad</c>.
/// Keras 2 and tf.keras offer no such operation.
/// </summary>
public sealed record SetVariableTrainable(string Weight, bool Value) : ScriptStep
{
    /// <inheritdoc />
    public override string ToString() => $"{Weight}.trainable={(Value ? "T" : "F")}";
}
