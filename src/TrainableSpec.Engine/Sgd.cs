namespace TrainableSpec.Engine;

/// <summary>
/// Stochastic gradient descent as Keras writes it (keras/optimizers.py, <c>SGD.get_updates</c>): v ← momentum·v −
/// learningRate·g; w ← w + v, or with Nesterov w ← w + momentum·v − learningRate·g. Without momentum, plain
/// w ← w − learningRate·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The rate is not positive and finite, the momentum not in [0, 1), or the decay negative.
    /// </exception>
    public Sgd(float learningRate, float momentum = 0f, bool nesterov = false, float weightDecay = 0f)
        : base(learningRate, weightDecay, "SGD")
    {
        Momentum = momentum is >= 0f and < 1f
            ? momentum
            : throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"SGD momentum must be in [0, 1), but was {momentum}.");
        Nesterov = nesterov;
    }

    /// <summary>The fraction of the last velocity kept.</summary>
    public float Momentum { get; }

    /// <summary>Whether the update looks ahead along the velocity.</summary>
    public bool Nesterov { get; }

    private protected override int Slots => 1;

    /// <inheritdoc />
    private protected override bool HasState => Momentum > 0f;

    private protected override void Update(float[] values, float[] gradient, float[][] state)
    {
        var velocity = state[0];
        for (var i = 0; i < values.Length; i++)
        {
            if (Momentum == 0f)
            {
                values[i] -= LearningRate * gradient[i];
                continue;
            }

            velocity[i] = (Momentum * velocity[i]) - (LearningRate * gradient[i]);
            values[i] += Nesterov ? (Momentum * velocity[i]) - (LearningRate * gradient[i]) : velocity[i];
        }
    }
}
