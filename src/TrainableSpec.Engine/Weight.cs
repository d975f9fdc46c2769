namespace TrainableSpec.Engine;

/// <summary>
/// One float32 variable of a layer, such as <c>dense_1/kernel</c>. A layer used at several places shares its
/// weights: there is one <see cref="Weight"/> object however often the layer is called.
/// </summary>
public sealed class Weight
{
    private string? _name;

    internal Weight(Layer owner, string role, int rows, int columns, float[] values)
    {
        Owner = owner;
        Role = role;
        Index = owner.Session!.NextWeightIndex();
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    /// <summary>The layer that owns the weight.</summary>
    public Layer Owner { get; }

    /// <summary><c>kernel</c> or <c>bias</c>.</summary>
    public string Role { get; }

    /// <summary>The weight's name: the owner's name and the role, <c>dense_1/kernel</c>.</summary>
    /// <remarks>
    /// Made when first asked for: a layer is named at its first call, before it creates its weights, so the name is final
    /// from the start, and a caller that knows its weights by its own names never needs this string.
    /// </remarks>
    public string Name => _name ??= $"{Owner.Name}/{Role}";

    /// <summary>
    /// The weight's dense index in its session (0, 1, 2, … in order of creation): gradients and optimizer state sit in
    /// arrays at this index instead of in tables hashed by identity.
    /// </summary>
    internal int Index { get; }

    /// <summary>Rows of the matrix (1 for a bias).</summary>
    public int Rows { get; }

    /// <summary>Columns of the matrix.</summary>
    public int Columns { get; }

    /// <summary>
    /// The variable's own flag, which Keras 3, TensorFlow.js and PyTorch keep besides (or instead of) the layer's;
    /// true at creation. Assigning it is offered by those rules only (see <see cref="TrainabilityRule.AssignVariable"/>).
    /// </summary>
    public bool Trainable
    {
        get => VariableFlag;
        set => (Owner.Session?.Rule ?? TrainabilityRule.Keras216).AssignVariable(this, value);
    }

    /// <summary>The flag itself, written by the rules; every layer sets it when it creates the weight.</summary>
    internal bool VariableFlag { get; set; }

    internal float[] Values { get; }

    /// <summary>The number of values, <see cref="Rows"/> × <see cref="Columns"/>.</summary>
    public int Length => Values.Length;

    /// <summary>A copy of the values, row-major.</summary>
    public float[] ToArray() => (float[])Values.Clone();

    /// <summary>
    /// Copies the values, row-major, into <paramref name="destination"/>: a snapshot taken with one copy into memory
    /// the caller owns.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public void CopyTo(Span<float> destination) => Values.CopyTo(destination);

    /// <summary>
    /// The values, row-major, read in place without a copy: a view that the next step or <see cref="Layer.SetWeights"/>
    /// may change or leave stale, so read it before either.
    /// </summary>
    public ReadOnlySpan<float> AsSpan() => Values;

    /// <summary>
    /// Replaces the values, row-major, with a copy of <paramref name="values"/>, as <see cref="Layer.SetWeights"/> does for
    /// each of a layer's weights.
    /// </summary>
    /// <exception cref="ShapeMismatchException">The number of values is not <see cref="Length"/>.</exception>
    /// <exception cref="InvalidDataException">A value is not finite.</exception>
    public void SetValues(ReadOnlySpan<float> values) => Assign(values, setWeightsOn: null);

    // The message names the public call that assigned: SetValues on this weight, or SetWeights on its layer. It is made
    // only when the values are refused.
    internal void Assign(ReadOnlySpan<float> values, Layer? setWeightsOn)
    {
        if (values.Length != Values.Length)
        {
            throw new ShapeMismatchException(
                $"{Where(setWeightsOn)}: {Name} has {Rows}x{Columns} = {Values.Length} values, but {values.Length} were given.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"{Where(setWeightsOn)}: value {i} for {Name} is {values[i]}; weights must be finite.");
            }
        }

        // In place: the shape is fixed, and nothing outside a step holds the array.
        values.CopyTo(Values);
    }

    private string Where(Layer? setWeightsOn) => setWeightsOn is null ? $"SetValues on {Name}" : $"SetWeights on {setWeightsOn.Name}";

    /// <summary>
    /// A hash of the weight's identity (weights are equal only to themselves): its index, so that sets and
    /// <c>Distinct()</c> over weights do not ask the runtime for an object's identity hash.
    /// </summary>
    public override int GetHashCode() => Index;

    /// <inheritdoc />
    public override string ToString() => Name;
}
