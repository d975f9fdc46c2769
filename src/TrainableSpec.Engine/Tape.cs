namespace TrainableSpec.Engine;

/// <summary>
/// The buffers of a model's passes, made once and reused by every step: the model's graph is fixed once built, so each
/// layer call's activations have a fixed width, and only the batch size varies (the buffers grow to the largest batch
/// seen). Activations are flat, sample-major (<c>[s * width + j]</c>); the backward pass alternates between two
/// gradient buffers; each weight's gradient sits at the weight's <see cref="Weight.Index"/>.
/// </summary>
internal sealed class Tape
{
    private readonly Layer[] _calls;
    private readonly int[] _widths;
    private readonly int _inputWidth;
    private readonly int _widest;
    private readonly Weight[] _trained;
    private readonly float[]?[] _gradients;
    private readonly Weight?[] _owners;
    private float[][] _activations = [];
    private float[] _input = [];
    private float[] _upstream = [];
    private float[] _downstream = [];
    private int _capacity;

    public Tape(Layer[] calls, int inputWidth)
    {
        _calls = calls;
        _inputWidth = inputWidth;
        _widths = new int[calls.Length];
        _widest = inputWidth;
        var uses = 0;
        foreach (var call in calls)
        {
            uses += call.OwnVariables.Length;
        }

        // Each weight once, at its first call; trimmed below when a layer is called twice.
        var trained = new Weight[uses];
        var count = 0;
        var highest = -1;
        float[][]? scales = null;
        for (var k = 0; k < calls.Length; k++)
        {
            _widths[k] = OutputWidthOf(calls[k]);
            _widest = Math.Max(_widest, _widths[k]);
            foreach (var weight in calls[k].OwnVariables)
            {
                if (Array.IndexOf(trained, weight, 0, count) < 0)
                {
                    trained[count++] = weight;
                    highest = Math.Max(highest, weight.Index);
                }
            }

            if (calls[k] is BatchNormalization bn)
            {
                // Only batch normalizations keep scales, and use the scratch for batch statistics.
                scales ??= [.. Enumerable.Repeat(Array.Empty<float>(), calls.Length)];
                scales[k] = new float[bn.Width!.Value];
            }
        }

        _trained = count == uses ? trained : trained[..count];
        _gradients = new float[]?[highest + 1];
        _owners = new Weight?[_gradients.Length];
        foreach (var weight in _trained)
        {
            _gradients[weight.Index] = new float[weight.Length];
            _owners[weight.Index] = weight;
        }

        Modes = new BatchNormMode[calls.Length];
        Scales = scales ?? [];
        Delta = new float[_widest];
        Mean = scales is null ? [] : new float[_widest];
        Variance = scales is null ? [] : new float[_widest];
    }

    /// <summary>The number of samples in the current pass.</summary>
    public int Count { get; private set; }

    /// <summary>How each call of a batch normalization runs in the current pass, by call position.</summary>
    public BatchNormMode[] Modes { get; }

    /// <summary>Each batch normalization call's 1/√(σ² + ε), kept from its forward pass for its backward pass.</summary>
    public float[][] Scales { get; }

    /// <summary>Scratch for a dense call's deltas of one sample.</summary>
    public float[] Delta { get; }

    /// <summary>Scratch for a batch normalization call's batch mean.</summary>
    public float[] Mean { get; }

    /// <summary>Scratch for a batch normalization call's batch variance.</summary>
    public float[] Variance { get; }

    /// <summary>The gradient of the loss with respect to the output of the call being differentiated.</summary>
    public float[] Upstream => _upstream;

    /// <summary>Where the call being differentiated writes the gradient with respect to its input.</summary>
    public float[] Downstream => _downstream;

    /// <summary>The output of the last call: the model's outputs.</summary>
    public float[] Output => _calls.Length == 0 ? _input : _activations[^1];

    /// <summary>The width of the model's outputs.</summary>
    public int OutputWidth => _calls.Length == 0 ? _inputWidth : _widths[^1];

    /// <summary>The input of call <paramref name="call"/>.</summary>
    public float[] InputOf(int call) => call == 0 ? _input : _activations[call - 1];

    /// <summary>The output of call <paramref name="call"/>.</summary>
    public float[] OutputOf(int call) => _activations[call];

    /// <summary>
    /// The gradient of <paramref name="weight"/> summed over its uses in the current pass, or null for a weight the pass
    /// does not differentiate (batch statistics, or a weight outside the model).
    /// </summary>
    public float[]? GradientOf(Weight weight) =>
        weight.Index < _owners.Length && ReferenceEquals(_owners[weight.Index], weight) ? _gradients[weight.Index] : null;

    /// <summary>The gradient of a weight of a call being differentiated, which the pass always holds.</summary>
    public float[] GradientOfCall(Weight weight) => _gradients[weight.Index]!;

    /// <summary>
    /// Starts a pass over samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> of
    /// <paramref name="x"/>, already checked: copies them into the input buffer and zeroes every gradient.
    /// </summary>
    public void Load(float[][] x, int start, int count)
    {
        if (count > _capacity)
        {
            _capacity = count;
            _input = new float[count * _inputWidth];
            _activations = new float[_widths.Length][];
            for (var k = 0; k < _widths.Length; k++)
            {
                _activations[k] = new float[count * _widths[k]];
            }

            _upstream = new float[count * _widest];
            _downstream = new float[count * _widest];
        }

        Count = count;
        for (var s = 0; s < count; s++)
        {
            x[start + s].AsSpan().CopyTo(_input.AsSpan(s * _inputWidth, _inputWidth));
        }

        foreach (var weight in _trained)
        {
            Array.Clear(_gradients[weight.Index]!);
        }
    }

    /// <summary>Makes the gradient the last call wrote the upstream gradient of the call before it.</summary>
    public void Swap() => (_upstream, _downstream) = (_downstream, _upstream);

    /// <summary>Runs every call forward on the loaded batch.</summary>
    public void Forward()
    {
        for (var k = 0; k < _calls.Length; k++)
        {
            if (_calls[k] is Dense dense)
            {
                dense.Forward(this, k);
            }
            else
            {
                ((BatchNormalization)_calls[k]).Forward(this, k);
            }
        }
    }

    /// <summary>Runs every call backward from the gradient in <see cref="Upstream"/>, in reverse order.</summary>
    public void Backward()
    {
        for (var k = _calls.Length - 1; k >= 0; k--)
        {
            if (_calls[k] is Dense dense)
            {
                dense.Backward(this, k);
            }
            else
            {
                ((BatchNormalization)_calls[k]).Backward(this, k);
            }

            Swap();
        }
    }

    private static int OutputWidthOf(Layer call) => call is Dense dense ? dense.Units : ((BatchNormalization)call).Width!.Value;
}
