namespace TrainableSpec.Engine;

/// <summary>
/// A fully connected layer: output = activation(input · kernel + bias), with a kernel of
/// input width × <see cref="Units"/> created at the first call (Glorot uniform from the session) and a bias
/// initialised to zero. The same instance called at several places shares its weights.
/// </summary>
public sealed class Dense : Layer
{
    // Enum.IsDefined looks the type's values up at every call, a few hundred instructions: a cost in every built model.
    private static readonly Activation[] Activations = Enum.GetValues<Activation>();

    private Weight? _kernel;
    private Weight? _bias;

    // Made at the first call, with the weights; callers get a read-only view of it, made when first asked for.
    private Weight[] _variables = [];
    private IReadOnlyList<Weight>? _weights;

    /// <summary>Creates a dense layer; it gets its weights at its first call.</summary>
    public Dense(int units, Activation activation = Activation.Linear, bool useBias = true, string? name = null)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        if (Array.IndexOf(Activations, activation) < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(activation),
                activation,
                $"Activation {(int)activation} is not one of {string.Join(", ", Enum.GetNames<Activation>())}.");
        }

        Units = units;
        Activation = activation;
        UseBias = useBias;
    }

    /// <summary>The output width.</summary>
    public int Units { get; }

    /// <summary>The function applied element-wise after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the layer adds a bias.</summary>
    public bool UseBias { get; }

    /// <summary>The input width fixed at the first call, or null before it.</summary>
    public int? InputWidth { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<Weight> Weights => _variables.Length == 0 ? [] : _weights ??= Array.AsReadOnly(_variables);

    internal override Weight[] OwnVariables => _variables;

    internal override Weight[] OwnWeights => _variables;

    /// <inheritdoc />
    protected override string DefaultNamePrefix => "dense";

    /// <inheritdoc />
    protected override int OutputWidth(int inputWidth) => Units;

    /// <inheritdoc />
    protected override void AcceptInputWidth(int inputWidth, Tensor input)
    {
        if (InputWidth is { } expected)
        {
            if (expected != inputWidth)
            {
                throw new ShapeMismatchException(
                    $"{Name} was built for inputs of width {expected} but was called on {input}.");
            }

            return;
        }

        InputWidth = inputWidth;
        // Variables are created with the layer's flag, as Keras 3 and TensorFlow.js do.
        _kernel = new Weight(this, "kernel", inputWidth, Units, input.Session.GlorotUniform(inputWidth, Units))
        {
            VariableFlag = OwnTrainable,
        };
        _bias = UseBias ? new Weight(this, "bias", 1, Units, new float[Units]) { VariableFlag = OwnTrainable } : null;
        _variables = _bias is null ? [_kernel] : [_kernel, _bias];
    }

    // Forward and Backward run only on called layers, which have a kernel.
    internal Weight Kernel => _kernel!;

    internal override int CallCount => 1;

    internal override void AppendCalls(Layer[] calls, ref int count) => calls[count++] = this;

    // The arithmetic and its order are those of the engine's first, per-sample version, so results stay bit-identical.
    internal void Forward(Tape tape, int call)
    {
        var input = tape.InputOf(call);
        var output = tape.OutputOf(call);
        var kernel = Kernel.Values;
        var bias = _bias?.Values;
        var inputWidth = InputWidth!.Value;
        var units = Units;
        for (var s = 0; s < tape.Count; s++)
        {
            var x = input.AsSpan(s * inputWidth, inputWidth);
            for (var j = 0; j < units; j++)
            {
                var z = bias is null ? 0f : bias[j];
                for (var i = 0; i < inputWidth; i++)
                {
                    z += x[i] * kernel[(i * units) + j];
                }

                output[(s * units) + j] = Activation.Apply(z);
            }
        }
    }

    internal void Backward(Tape tape, int call)
    {
        var input = tape.InputOf(call);
        var output = tape.OutputOf(call);
        var upstream = tape.Upstream;
        var downstream = tape.Downstream;
        var delta = tape.Delta;
        var inputWidth = InputWidth!.Value;
        var units = Units;
        var kernel = Kernel.Values;
        var kernelGradient = tape.GradientOfCall(Kernel);
        var biasGradient = _bias is null ? null : tape.GradientOfCall(_bias);
        for (var s = 0; s < tape.Count; s++)
        {
            for (var j = 0; j < units; j++)
            {
                delta[j] = upstream[(s * units) + j] * Activation.DerivativeFromOutput(output[(s * units) + j]);
                if (biasGradient is not null)
                {
                    biasGradient[j] += delta[j];
                }
            }

            for (var i = 0; i < inputWidth; i++)
            {
                var sum = 0f;
                var x = input[(s * inputWidth) + i];
                for (var j = 0; j < units; j++)
                {
                    kernelGradient[(i * units) + j] += x * delta[j];
                    sum += delta[j] * kernel[(i * units) + j];
                }

                downstream[(s * inputWidth) + i] = sum;
            }
        }
    }
}
