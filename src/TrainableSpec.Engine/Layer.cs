namespace TrainableSpec.Engine;

/// <summary>
/// Anything that can be called on a tensor: a <see cref="Dense"/> layer, a <see cref="Container"/> or a
/// <see cref="Model"/>. Every layer has its own <see cref="Trainable"/> flag; what assigning it writes is the
/// session's <see cref="TrainabilityRule"/> (under Keras 2.1.6, that flag alone: the article reads <c>dense_2 True</c>
/// back after freezing its container).
/// </summary>
public abstract class Layer
{
    private static int s_created;

    // Identity, numbered at creation: sets and Distinct() over layers hash this number instead of asking the runtime for
    // an object's identity hash, whose first computation per object dominated the cost of building and compiling.
    private readonly int _number = Interlocked.Increment(ref s_created);

    private string? _name;
    private Layer[]? _self;

    /// <summary>Creates a layer with an explicit name, or one the session assigns at the first call.</summary>
    protected Layer(string? name) => _name = name;

    /// <summary>
    /// The layer's name. Unnamed layers are named by their session at their first call, counting per kind
    /// (<c>dense_1</c>, <c>dense_2</c>), so names are the same every time the same model is built.
    /// </summary>
    public string Name => _name ?? "(unnamed, not yet called)";

    /// <summary>
    /// Whether the optimizer may update this layer's weights; see <see cref="TrainabilityRule"/> for how flags
    /// combine. Assigning it does what the session's rule says (Keras 2.1.6 before the first call).
    /// </summary>
    public virtual bool Trainable
    {
        get => (Session?.Rule ?? TrainabilityRule.Keras216).Read(this);
        set => (Session?.Rule ?? TrainabilityRule.Keras216).Assign(this, value);
    }

    /// <summary>The flag itself, written by a rule's <see cref="TrainabilityRule.Assign"/>.</summary>
    internal bool OwnTrainable { get; set; } = true;

    /// <summary>
    /// The trainable variables the layer itself owns (a dense layer's kernel and bias, a batch normalization's beta);
    /// none for a container. The layer's own array: read it, never write it.
    /// </summary>
    internal virtual Weight[] OwnVariables => [];

    /// <summary>The layer's own weights, as <see cref="Weights"/> lists them, without a read-only view (none for a container).</summary>
    internal virtual Weight[] OwnWeights => [];

    /// <summary>The trainable variables of the layer and of every layer inside it, each once.</summary>
    internal Weight[] VariablesBelow() =>
        this is Container container ? container.VariablesBelowKept ??= DistinctVariables(SelfAndBelow()) : OwnVariables;

    /// <summary>The layer and every layer inside it, each once, inputs left out.</summary>
    /// <remarks>
    /// A container's are taken once and kept: it is built from layers already called, and cannot change after, so
    /// neither the layers below it nor their weights can.
    /// </remarks>
    internal Layer[] SelfAndBelow() => this switch
    {
        InputLayer => [],
        Container container => container.SelfAndBelowKept ??= [.. WalkBelow()],
        _ => _self ??= [this],
    };

    // Each once, at its first place (as Distinct() keeps it); a linear search, a model has a few dozen weights.
    private static Weight[] DistinctVariables(Layer[] layers)
    {
        var variables = new List<Weight>();
        foreach (var layer in layers)
        {
            foreach (var weight in layer.OwnVariables)
            {
                if (!variables.Contains(weight))
                {
                    variables.Add(weight);
                }
            }
        }

        return [.. variables];
    }

    // Depth first, each container's layers in order; a layer met again is skipped (a linear search: trees are small).
    private List<Layer> WalkBelow()
    {
        var seen = new List<Layer>();
        var pending = new Stack<Layer>();
        pending.Push(this);
        while (pending.TryPop(out var layer))
        {
            if (layer is InputLayer || seen.Contains(layer))
            {
                continue;
            }

            seen.Add(layer);
            if (layer is Container container)
            {
                var inner = container.LayerArray;
                for (var i = inner.Length - 1; i >= 0; i--)
                {
                    pending.Push(inner[i]);
                }
            }
        }

        return seen;
    }

    /// <summary>The session the layer was first called in (a container: built in), or null before that.</summary>
    public Session? Session { get; private set; }

    /// <summary>All weights of the layer and of the layers inside it, each once, in the order Keras lists them.</summary>
    public abstract IReadOnlyList<Weight> Weights { get; }

    /// <summary>The width of the layer's output for an input of <paramref name="inputWidth"/>.</summary>
    protected abstract int OutputWidth(int inputWidth);

    /// <summary>Checks (and on the first call, fixes) the input width the layer accepts.</summary>
    protected abstract void AcceptInputWidth(int inputWidth, Tensor input);

    /// <summary>Ties a container to the session of the tensors it is built from, so its flag follows that session's rule.</summary>
    private protected void AdoptSession(Session session) => Session ??= session;

    /// <summary>Applies the layer to <paramref name="input"/>, returning the symbolic result.</summary>
    public Tensor Call(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Session is not null && !ReferenceEquals(Session, input.Session))
        {
            throw new GraphException(
                $"{Name} belongs to another session than the tensor it was called on ({input}); "
                + "a layer can only be called on tensors of the session it was first called in.");
        }

        Session ??= input.Session;
        _name ??= input.Session.UniqueName(DefaultNamePrefix);
        AcceptInputWidth(input.Width, input);
        return new Tensor(input.Session, OutputWidth(input.Width), this, input);
    }

    /// <summary>The prefix of default names: <c>dense</c> for <c>dense_1</c>.</summary>
    protected abstract string DefaultNamePrefix { get; }

    /// <summary>The weights values in Keras' order (kernel, then bias; nested layers in order).</summary>
    public IReadOnlyList<float[]> GetWeights() => [.. Weights.Select(w => w.ToArray())];

    /// <summary>Replaces the weights' values, in the order of <see cref="GetWeights"/>.</summary>
    public void SetWeights(IReadOnlyList<float[]> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var weights = Weights;
        if (values.Count != weights.Count)
        {
            throw new ShapeMismatchException(
                $"SetWeights on {Name}: the layer has {weights.Count} weights ({string.Join(", ", weights)}), "
                + $"but {values.Count} arrays were given.");
        }

        for (var i = 0; i < weights.Count; i++)
        {
            weights[i].Assign(
                values[i] ?? throw new ArgumentNullException(nameof(values), $"SetWeights on {Name}: array {i} is null."), this);
        }
    }

    /// <summary>
    /// Appends the computing layers (dense, batch normalization) this layer's call runs, in order: the layer itself, or a
    /// container's calls flattened, so a model's passes run one fixed sequence.
    /// </summary>
    internal abstract void AppendCalls(Layer[] calls, ref int count);

    /// <summary>How many computing layers <see cref="AppendCalls"/> appends.</summary>
    internal abstract int CallCount { get; }

    /// <summary>A hash of the layer's identity (layers are equal only to themselves).</summary>
    public sealed override int GetHashCode() => _number;

    /// <inheritdoc />
    public override string ToString() => Name;
}
