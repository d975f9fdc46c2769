namespace TrainableSpec.Engine;

/// <summary>
/// Updates the weights of a step's list from their gradients. An optimizer keeps its state (velocities, moments)
/// per weight for as long as it lives, across compiles that reuse it, but it writes only the weights it is
/// handed: a weight left out of a step stays bit-for-bit identical whatever state it has.
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Weight, float[][]> _state = new(ReferenceEqualityComparer.Instance);

    private protected Optimizer(float learningRate, float weightDecay, string name)
    {
        LearningRate = float.IsFinite(learningRate) && learningRate > 0f
            ? learningRate
            : throw new ArgumentOutOfRangeException(
                nameof(learningRate), learningRate, $"{name} learning rate must be a positive finite number, but was {learningRate}.");
        WeightDecay = float.IsFinite(weightDecay) && weightDecay >= 0f
            ? weightDecay
            : throw new ArgumentOutOfRangeException(
                nameof(weightDecay), weightDecay, $"Weight decay must be a finite number ≥ 0, but was {weightDecay}.");
    }

    /// <summary>The step size.</summary>
    public float LearningRate { get; }

    /// <summary>Decoupled weight decay: before each update, w ← w − learningRate · weightDecay · w (Keras 3, AdamW).</summary>
    public float WeightDecay { get; }

    /// <summary>How many steps this optimizer has taken.</summary>
    public int Iterations { get; private set; }

    /// <summary>Drops the per-weight state, keeping <see cref="Iterations"/> (Keras 2 at each compile).</summary>
    internal void ForgetState() => _state.Clear();

    internal void Step(IReadOnlyList<Weight> weights, IReadOnlyDictionary<Weight, float[]> gradients)
    {
        Iterations++;
        foreach (var weight in weights)
        {
            var values = weight.Values;
            if (WeightDecay > 0f)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] -= LearningRate * WeightDecay * values[i];
                }
            }

            if (!_state.TryGetValue(weight, out var state))
            {
                state = [.. Enumerable.Range(0, Slots).Select(_ => new float[values.Length])];
                _state.Add(weight, state);
            }

            Update(values, gradients[weight], state);
        }
    }

    /// <summary>How many arrays of state the optimizer keeps per weight.</summary>
    private protected abstract int Slots { get; }

    /// <summary>Updates one weight's <paramref name="values"/> in place from its gradient and its state.</summary>
    private protected abstract void Update(float[] values, float[] gradient, float[][] state);
}
