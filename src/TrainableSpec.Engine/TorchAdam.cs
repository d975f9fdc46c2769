namespace TrainableSpec.Engine;

/// <summary>
/// Adam as torch/optim writes it (torch 1.13, adam.py and adamw.py, <c>_single_tensor_adam</c>): each weight counts
/// its own steps t, advanced only when a step updates it (torch steps only the parameters whose gradient is not None);
/// m ← β₁m + (1 − β₁)g;
/// v ← β₂v + (1 − β₂)g²;
/// w ← w − lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε),
/// ε added after the bias correction. With weight decay it is torch's AdamW: w ← w·(1 − lr·weightDecay) first.
/// The hyperparameters are <see cref="Adam"/>'s (β₁ = 0.9, β₂ = 0.999, ε = 1e-7), as an engine passes them to torch.
/// </summary>
public sealed class TorchAdam : Optimizer
{
    /// <summary>Creates torch's Adam (AdamW with <paramref name="weightDecay"/>) with β₁ = 0.9, β₂ = 0.999, ε = 1e-7.</summary>
    public TorchAdam(float learningRate, float weightDecay = 0f)
        : base(learningRate, weightDecay, "Adam")
    {
    }

    // m, v, and the weight's own step count (torch's state['step']) in the first entry of the third.
    private protected override int Slots => 3;

    private protected override void Update(float[] values, float[] gradient, float[][] state)
    {
        var (m, v, steps) = (state[0], state[1], ++state[2][0]);
        var stepSize = LearningRate / (1 - Math.Pow(Adam.Beta1, steps));
        var correction = Math.Sqrt(1 - Math.Pow(Adam.Beta2, steps));
        for (var i = 0; i < values.Length; i++)
        {
            m[i] = (Adam.Beta1 * m[i]) + ((1f - Adam.Beta1) * gradient[i]);
            v[i] = (Adam.Beta2 * v[i]) + ((1f - Adam.Beta2) * gradient[i] * gradient[i]);
            values[i] = (float)(values[i] - (stepSize * m[i] / ((MathF.Sqrt(v[i]) / correction) + Adam.Epsilon)));
        }
    }
}
