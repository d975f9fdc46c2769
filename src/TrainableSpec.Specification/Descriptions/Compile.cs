namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// Compiles the model with <paramref name="Optimizer"/> (SGD unless said) at <paramref name="LearningRate"/> and the
/// mean squared error, collecting the weights to train. The optimizers follow Keras' formulas (SGD w ← w − lr·g;
/// momentum v ← 0.9v − lr·g, w ← w + v; Nesterov w ← w + 0.9v − lr·g; Adam and AdamW with β₁ = 0.9, β₂ = 0.999,
/// ε = 1e-7 added to √v and the bias correction folded into the rate; AdamW's decay lr·0.004·w before the update).
/// A compile asking for the same optimizer and rate as the last reuses that optimizer: its step count goes on, and
/// its per-weight state too, except in Keras 2, which builds fresh moments at each compile. Under the PyTorch profiles
/// the hyperparameters are these and the formulas torch's (Adam's step count per parameter, ε added after the bias
/// correction: <see cref="Oracles.TorchUpdateOracle"/>), and <c>pytorch-filtered</c> builds a new optimizer at every
/// compile (<see cref="Profiles.FrameworkProfile.RebuildsOptimizerAtEachCompile"/>).
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
