namespace TrainableSpec.Engine;

/// <summary>
/// One float32 variable of a layer, such as <c>dense_1/kernel</c>. A layer used at several places shares its
/// weights: there is one <see cref="Weight"/> object however often the layer is called.
/// </summary>
public sealed class Weight
{
    internal Weight(Layer owner, string role, int rows, int columns, float[] values)
    {
        Owner = owner;
        Role = role;
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    /// <summary>The layer that owns the weight.</summary>
    public Layer Owner { get; }

    /// <summary><c>kernel</c> or <c>bias</c>.</summary>
    public string Role { get; }

    /// <summary>The weight's name: the owner's name and the role, <c>dense_1/kernel</c>.</summary>
    public string Name => $"{Owner.Name}/{Role}";

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

    internal float[] Values { get; private set; }

    /// <summary>A copy of the values, row-major.</summary>
    public float[] ToArray() => (float[])Values.Clone();

    internal void Assign(float[] values, string where)
    {
        if (values.Length != Values.Length)
        {
            throw new ShapeMismatchException(
                $"{where}: {Name} has {Rows}x{Columns} = {Values.Length} values, but {values.Length} were given.");
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new InvalidDataException($"{where}: value {i} for {Name} is {values[i]}; weights must be finite.");
            }
        }

        Values = (float[])values.Clone();
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
