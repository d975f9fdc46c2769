namespace TrainableSpec.Specification.Descriptions;

/// <summary>One operation of a flag script, run in order against a built model.</summary>
public abstract record ScriptStep;

/// <summary>Assigns <paramref name="Value"/> to the trainable flag of the node (layer, container or the model itself).</summary>
public sealed record SetTrainable(string Node, bool Value) : ScriptStep
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}.trainable={(Value ? "T" : "F")}";
}

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

/// <summary>
/// Compiles the model with <paramref name="Optimizer"/> (SGD unless said) at <paramref name="LearningRate"/> and the
/// mean squared error, collecting the weights to train. The optimizers follow Keras' formulas (SGD w ← w − lr·g;
/// momentum v ← 0.9v − lr·g, w ← w + v; Nesterov w ← w + 0.9v − lr·g; Adam and AdamW with β₁ = 0.9, β₂ = 0.999,
/// ε = 1e-7 added to √v and the bias correction folded into the rate; AdamW's decay lr·0.004·w before the update).
/// A compile asking for the same optimizer and rate as the last reuses that optimizer: its step count goes on, and
/// its per-weight state too, except in Keras 2, which builds fresh moments at each compile.
/// </summary>
public sealed record Compile(float LearningRate, KerasOptimizer Optimizer = KerasOptimizer.Sgd) : ScriptStep
{
    /// <summary>The momentum of <see cref="KerasOptimizer.Momentum"/> and <see cref="KerasOptimizer.Nesterov"/>.</summary>
    public const float Momentum = 0.9f;

    /// <summary>The weight decay of <see cref="KerasOptimizer.AdamW"/>.</summary>
    public const float WeightDecay = 0.004f;

    /// <inheritdoc />
    public override string ToString() => $"compile({Optimizer.ToString().ToLowerInvariant()} {LearningRate:R})";
}

/// <summary>Trains one epoch on the scenario's data as a single batch: one optimizer step.</summary>
public sealed record Fit : ScriptStep
{
    /// <summary>The one instance; a fit has no parameters.</summary>
    public static Fit Step { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "fit";
}
