namespace TrainableSpec.Engine;

/// <summary>
/// Adam as Keras writes it (keras/optimizers.py, <c>Adam.get_updates</c>): with t the optimizer's step count,
/// lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − lr_t·m/(√v + ε).
/// With weight decay it is AdamW (decoupled, as Keras 3 applies it).
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Creates Adam with Keras' defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-7.</summary>
    public Adam(float learningRate, float weightDecay = 0f)
        : base(learningRate, weightDecay, "Adam")
    {
    }

    /// <summary>β₁.</summary>
    public const float Beta1 = 0.9f;

    /// <summary>β₂.</summary>
    public const float Beta2 = 0.999f;

    /// <summary>ε.</summary>
    public const float Epsilon = 1e-7f;

    private protected override int Slots => 2;

    private protected override void Update(float[] values, float[] gradient, float[][] state)
    {
        var (m, v) = (state[0], state[1]);
        var rate = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, Iterations)) / (1 - Math.Pow(Beta1, Iterations)));
        for (var i = 0; i < values.Length; i++)
        {
            m[i] = (Beta1 * m[i]) + ((1f - Beta1) * gradient[i]);
            v[i] = (Beta2 * v[i]) + ((1f - Beta2) * gradient[i] * gradient[i]);
            values[i] -= rate * m[i] / (MathF.Sqrt(v[i]) + Epsilon);
        }
    }
}
