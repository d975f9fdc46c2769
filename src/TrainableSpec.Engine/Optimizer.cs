namespace TrainableSpec.Engine;

/// <summary>Updates the weights collected at <see cref="Model.Compile"/> from their gradients.</summary>
public abstract class Optimizer
{
    private protected Optimizer()
    {
    }

    internal abstract void Step(IReadOnlyList<Weight> weights, IReadOnlyDictionary<Weight, float[]> gradients);
}

/// <summary>
/// Plain stochastic gradient descent: w ← w − learningRate · ∂loss/∂w, once per listed weight per step.
/// A weight that is not listed is never written, so it stays bit-for-bit identical.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD with the given learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not a positive finite number.</exception>
    public Sgd(float learningRate)
    {
        if (!float.IsFinite(learningRate) || learningRate <= 0f)
        {
            throw new ArgumentOutOfRangeException(
                nameof(learningRate), learningRate, $"SGD learning rate must be a positive finite number, but was {learningRate}.");
        }

        LearningRate = learningRate;
    }

    /// <summary>The step size.</summary>
    public float LearningRate { get; }

    internal override void Step(IReadOnlyList<Weight> weights, IReadOnlyDictionary<Weight, float[]> gradients)
    {
        foreach (var weight in weights)
        {
            var gradient = gradients[weight];
            var values = weight.Values;
            for (var i = 0; i < values.Length; i++)
            {
                values[i] -= LearningRate * gradient[i];
            }
        }
    }
}
