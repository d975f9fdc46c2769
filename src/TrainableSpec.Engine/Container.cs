namespace TrainableSpec.Engine;

/// <summary>
/// A network built from an input tensor and an output tensor that can itself be called as a layer, inside
/// other containers or models (Keras 2.1.6's <c>Container</c>, later <c>Network</c>). Calling a container at
/// several places shares all of its weights. Its <see cref="Layer.Trainable"/> flag is its own: setting it
/// leaves the flags of the layers inside untouched.
/// </summary>
public class Container : Layer
{
    private readonly Layer[] _calls;
    private readonly int _outputWidth;
    private IReadOnlyList<Weight>? _weights;
    private IReadOnlyList<Layer>? _layersView;

    // What Layer.SelfAndBelow and Layer.VariablesBelow take once for a container; kept here, as only containers keep them.
    internal Layer[]? SelfAndBelowKept { get; set; }
    internal Weight[]? VariablesBelowKept { get; set; }

    /// <summary>Builds a container that computes <paramref name="outputs"/> from <paramref name="inputs"/>.</summary>
    /// <exception cref="GraphException">The outputs are not computed from the inputs, or layer names repeat.</exception>
    public Container(Tensor inputs, Tensor outputs, string? name = null)
        : this(inputs, outputs, name, "container")
    {
    }

    /// <summary>Builds a container whose default name starts with <paramref name="defaultPrefix"/>.</summary>
    protected Container(Tensor inputs, Tensor outputs, string? name, string defaultPrefix)
        : base(name ?? (inputs ?? throw new ArgumentNullException(nameof(inputs))).Session.UniqueName(defaultPrefix))
    {
        ArgumentNullException.ThrowIfNull(outputs);
        InputTensor = inputs;
        AdoptSession(inputs.Session);
        _outputWidth = outputs.Width;
        _calls = TraceCalls(inputs, outputs);
        foreach (var call in _calls)
        {
            CallCount += call.CallCount;
        }

        var layers = new Layer[_calls.Length + 1];
        layers[0] = inputs.Producer;
        var count = 1;
        foreach (var call in _calls)
        {
            // Each once, at its first call (as Distinct() keeps it); a linear search, a container holds a few layers.
            if (Array.IndexOf(layers, call, 0, count) < 0)
            {
                layers[count++] = call;
            }
        }

        LayerArray = count == layers.Length ? layers : layers[..count];
        RejectDuplicateNames();
    }

    /// <summary>The tensor the container reads.</summary>
    public Tensor InputTensor { get; }

    /// <summary>The layers of the container, each once, the input first: the article's <c>layers[0]</c> is <c>input_1</c>.</summary>
    public IReadOnlyList<Layer> Layers => _layersView ??= Array.AsReadOnly(LayerArray);

    /// <summary>The array behind <see cref="Layers"/>, for the engine's own loops: read it, never write it.</summary>
    internal Layer[] LayerArray { get; }

    /// <inheritdoc />
    /// <remarks>Taken once: a container is built from layers already called and cannot change after.</remarks>
    public override IReadOnlyList<Weight> Weights => _weights ??= Array.AsReadOnly([.. LayerArray.SelectMany(l => l.Weights).Distinct()]);

    /// <inheritdoc />
    protected override string DefaultNamePrefix => "container";

    /// <summary>The layer named <paramref name="name"/> among <see cref="Layers"/>.</summary>
    /// <exception cref="UnknownLayerException">No layer of the container has that name.</exception>
    public Layer GetLayer(string name) =>
        LayerArray.FirstOrDefault(l => l.Name == name)
        ?? throw new UnknownLayerException(
            $"{Name} has no layer named '{name}'; its layers are {string.Join(", ", Layers.Select(l => l.Name))}.");

    /// <inheritdoc />
    protected override int OutputWidth(int inputWidth) => _outputWidth;

    internal int OutputTensorWidth => _outputWidth;

    /// <inheritdoc />
    protected override void AcceptInputWidth(int inputWidth, Tensor input)
    {
        if (inputWidth != InputTensor.Width)
        {
            throw new ShapeMismatchException(
                $"{Name} takes inputs of width {InputTensor.Width} but was called on {input}.");
        }
    }

    internal override int CallCount { get; }

    internal override void AppendCalls(Layer[] calls, ref int count)
    {
        foreach (var layer in _calls)
        {
            layer.AppendCalls(calls, ref count);
        }
    }

    // Walked twice, to count and then to fill from the end, so the calls are one array of the right size.
    private Layer[] TraceCalls(Tensor inputs, Tensor outputs)
    {
        var count = 0;
        var tensor = outputs;
        while (!ReferenceEquals(tensor, inputs))
        {
            if (tensor.ProducerInput is null)
            {
                throw new GraphException(
                    $"Graph disconnected in {Name}: its output {outputs} is not computed from its input {inputs}; "
                    + $"the chain ends at {tensor}.");
            }

            count++;
            tensor = tensor.ProducerInput;
        }

        var calls = new Layer[count];
        tensor = outputs;
        while (count > 0)
        {
            calls[--count] = tensor.Producer;
            tensor = tensor.ProducerInput!;
        }

        return calls;
    }

    private void RejectDuplicateNames()
    {
        // The first name, in the order of the layers, that more than one layer bears.
        var layers = LayerArray;
        for (var i = 0; i < layers.Length; i++)
        {
            var name = layers[i].Name;
            var count = 0;
            var first = true;
            for (var j = 0; j < layers.Length; j++)
            {
                if (layers[j].Name == name)
                {
                    count++;
                    first &= j >= i;
                }
            }

            if (first && count > 1)
            {
                throw new GraphException($"{Name}: all layer names should be unique, but '{name}' names {count} different layers.");
            }
        }
    }
}
