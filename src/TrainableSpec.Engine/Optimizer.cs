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
            : throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, $"{name} learning rate must be a positive finite number, but was {learningRate}.");
        WeightDecay = float.IsFinite(weightDecay) && weightDecay >= 0f
            ? weightDecay
            : throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, $"Weight decay must be a finite number ≥ 0, but was {weightDecay}.");
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

/// <summary>
/// Stochastic gradient descent as Keras writes it (keras/optimizers.py, <c>SGD.get_updates</c>): v ← momentum·v −
/// learningRate·g; w ← w + v, or with Nesterov w ← w + momentum·v − learningRate·g. Without momentum, plain
/// w ← w − learningRate·g.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates SGD.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not positive and finite, the momentum not in [0, 1), or the decay negative.</exception>
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
