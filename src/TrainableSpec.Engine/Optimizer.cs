namespace TrainableSpec.Engine;

/// <summary>
/// Updates the weights of a step's list from their gradients. An optimizer keeps its state (velocities, moments)
/// per weight for as long as it lives, across compiles that reuse it, but it writes only the weights it is
/// handed: a weight left out of a step stays bit-for-bit identical whatever state it has. Under TensorFlow.js it
/// keeps the state by position in the list instead (<see cref="StepByPosition"/>).
/// </summary>
public abstract class Optimizer
{
    // Per weight, at its index in its session: an optimizer serves the models of one session in practice, but nothing
    // stops a program from handing it another's, so each session has its own table (a short list, searched in order).
    // Both made at the first step that needs them.
    private List<(Session Session, List<float[][]?> State)>? _state;
    private List<(bool Matrix, float[][] State)>? _positions;

    // What an optimizer that keeps no state (SGD without momentum) is handed as a weight's state: it never reads it.
    private static readonly float[][] s_noState = [[]];

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
    internal void ForgetState()
    {
        _state?.Clear();
        _positions?.Clear();
    }

    internal void Step(IReadOnlyList<Weight> weights, Tape gradients)
    {
        Iterations++;
        for (var w = 0; w < weights.Count; w++)
        {
            var weight = weights[w];
            var values = weight.Values;
            if (WeightDecay > 0f)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] -= LearningRate * WeightDecay * values[i];
                }
            }

            Update(values, Gradient(gradients, weight), HasState ? StateOf(weight) : s_noState);
        }
    }

    /// <summary>
    /// One step as TensorFlow.js takes it (tfjs-core/src/optimizers/optimizer.ts, <c>minimize</c>; momentum_optimizer.ts
    /// and adam_optimizer.ts, <c>applyGradients</c>): every entry of <paramref name="list"/> in order, the state that
    /// of its position — made, zeros, for the weight first there, also for an entry whose variable is frozen now, which
    /// then does not step. A weight listed twice steps twice from its one gradient. An entry whose shape (matrix or
    /// vector) differs from its position's state throws, as <c>Variable.assign</c> does, the entries before it having
    /// stepped; a matrix state is first advanced with the vector's gradient broadcast over its rows, as tfjs assigns
    /// the accumulator before the weight.
    /// </summary>
    /// <exception cref="OptimizerStateShapeException">A position's state has another shape than the weight now there.</exception>
    internal void StepByPosition(IReadOnlyList<Weight> list, Tape gradients)
    {
        Iterations++;
        var positions = _positions ??= [];
        for (var position = 0; position < list.Count; position++)
        {
            var weight = list[position];
            var values = weight.Values;
            if (position == positions.Count)
            {
                positions.Add((IsMatrix(weight), NewState(values.Length)));
            }

            if (!weight.Trainable)
            {
                continue;
            }

            var (matrix, state) = positions[position];
            if (HasState && matrix != IsMatrix(weight))
            {
                if (matrix)
                {
                    var gradient = Gradient(gradients, weight);
                    var broadcast = Enumerable.Range(0, state[0].Length).Select(k => gradient[k % values.Length]).ToArray();
                    Update(new float[state[0].Length], broadcast, state);
                }

                Iterations--;
                throw new OptimizerStateShapeException(
                    $"Step of {GetType().Name}: the state at position {position} of the list was made for a "
                    + $"{(matrix ? "matrix" : "vector")}, but {weight.Name} there is a {(matrix ? "vector" : "matrix")}: "
                    + "the shape of the new value and previous value must match.");
            }

            if (WeightDecay > 0f)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] -= LearningRate * WeightDecay * values[i];
                }
            }

            Update(values, Gradient(gradients, weight), state);
        }
    }

    // A weight the pass does not differentiate (another model's) has no gradient to step with.
    private float[] Gradient(Tape gradients, Weight weight) =>
        gradients.GradientOf(weight) ?? throw new InvalidOperationException(
            $"Step of {GetType().Name}: {weight} is in the list to step, but the model's pass does not differentiate it "
            + "(it belongs to a layer the model does not call).");

    private float[][] NewState(int length)
    {
        var state = new float[Slots][];
        for (var slot = 0; slot < state.Length; slot++)
        {
            state[slot] = new float[length];
        }

        return state;
    }

    // Made, zeros, at the weight's first step.
    private float[][] StateOf(Weight weight)
    {
        var session = weight.Owner.Session!;
        List<float[][]?>? table = null;
        var tables = _state ??= [];
        foreach (var (owner, states) in tables)
        {
            if (ReferenceEquals(owner, session))
            {
                table = states;
                break;
            }
        }

        if (table is null)
        {
            table = [];
            tables.Add((session, table));
        }

        while (table.Count <= weight.Index)
        {
            table.Add(null);
        }

        return table[weight.Index] ??= NewState(weight.Length);
    }

    /// <summary>Whether the optimizer keeps any state (SGD without momentum keeps none).</summary>
    private protected virtual bool HasState => true;

    private static bool IsMatrix(Weight weight) => weight.Role == "kernel";

    /// <summary>How many arrays of state the optimizer keeps per weight.</summary>
    private protected abstract int Slots { get; }

    /// <summary>Updates one weight's <paramref name="values"/> in place from its gradient and its state.</summary>
    private protected abstract void Update(float[] values, float[] gradient, float[][] state);
}
