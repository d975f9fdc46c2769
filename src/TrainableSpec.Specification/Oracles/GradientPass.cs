using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// The forward and backward pass of <see cref="GradientOracle"/> over one tree's <see cref="GradientPlan"/>, with its
/// buffers kept between calls: a scenario's fits run the same tree again and again, so after the first fit a pass
/// allocates nothing. The arithmetic is <see cref="GradientOracle"/>'s, in the same order, so the sums are bit-identical.
/// </summary>
internal sealed class GradientPass
{
    // A pass the checks lend themselves on this thread between scenarios, so its buffers outlive the tree (see Rent).
    [ThreadStatic]
    private static GradientPass? _spare;

    private GradientPlan _plan;
    private ImmutableArray<float>[] _weights = [];

    // Every weight's sums in one array, weight w at _offsets[w] (the last entry is the length).
    private int[] _offsets = [];
    private double[] _gradient = [];
    private double[] _magnitude = [];

    // Every weight's values as doubles and their absolute values, laid out as the sums: converted once per run rather
    // than at every sample and use (a float widens to the same double, and its absolute value is the double's).
    private double[] _values = [];
    private double[] _absolute = [];

    // One row of width values per activation of the forward sequence, the input first.
    private double[] _activations = [];
    private double[] _activationMagnitudes = [];
    private double[] _local = [];
    private double[] _localMagnitude = [];
    private double[] _delta = [];
    private double[] _deltaMagnitude = [];
    private double[] _upstream = [];
    private double[] _upstreamMagnitude = [];

    /// <summary>A pass over <paramref name="plan"/>'s tree, with buffers of its own.</summary>
    public GradientPass(GradientPlan plan)
    {
        _plan = plan;
        Fit();
    }

    /// <summary>The plan the pass walks.</summary>
    public GradientPlan Plan => _plan;

    /// <summary>
    /// The pass this thread lent itself last, if it gave it back, set to <paramref name="plan"/>; else a new one. Give it
    /// back with <see cref="Return"/> once no sum it holds is read any more: a pass lent again overwrites them.
    /// </summary>
    public static GradientPass Rent(GradientPlan plan)
    {
        if (_spare is not { } pass)
        {
            return new GradientPass(plan);
        }

        _spare = null;
        pass._plan = plan;
        pass.Fit();
        return pass;
    }

    /// <summary>Gives the pass back for the next <see cref="Rent"/> on this thread.</summary>
    public void Return() => _spare = this;

    /// <summary>The gradient of the trainable weight at <paramref name="index"/> of the plan, after <see cref="Run"/>.</summary>
    public ReadOnlySpan<double> Gradient(int index) => _gradient.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>The magnitude counterpart of <see cref="Gradient"/> (<see cref="TreeGradient.Magnitude"/>).</summary>
    public ReadOnlySpan<double> Magnitude(int index) => _magnitude.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>Computes the gradient at <paramref name="weights"/> on <paramref name="data"/>, overwriting the last.</summary>
    public void Run(WeightSet weights, TrainingData data)
    {
        var names = _plan.Names;
        for (var w = 0; w < names.Length; w++)
        {
            // Sized by what the weight set holds, as the sums always were.
            _weights[w] = weights[names[w]];
            _offsets[w + 1] = _offsets[w] + _weights[w].Length;
        }

        var total = _offsets[names.Length];
        if (_gradient.Length < total)
        {
            (_gradient, _magnitude) = (new double[total], new double[total]);
            (_values, _absolute) = (new double[total], new double[total]);
        }
        else
        {
            Array.Clear(_gradient, 0, total);
            Array.Clear(_magnitude, 0, total);
        }

        for (var w = 0; w < names.Length; w++)
        {
            var weight = _weights[w].AsSpan();
            var at = _offsets[w];
            for (var k = 0; k < weight.Length; k++)
            {
                _values[at + k] = weight[k];
                _absolute[at + k] = Math.Abs(weight[k]);
            }
        }

        var width = _plan.Width;
        var sequence = _plan.Sequence;
        var scale = 2.0 / (data.Count * width);
        for (var s = 0; s < data.Count; s++)
        {
            var x = data.X[s];
            for (var i = 0; i < x.Length; i++)
            {
                _activations[i] = x[i];
                _activationMagnitudes[i] = Math.Abs(_activations[i]);
            }

            for (var k = 0; k < sequence.Length; k++)
            {
                Forward(sequence[k], k * width, width);
            }

            // ∂L/∂o = 2(o − y)/(n·width); its magnitude counterpart bounds the rounding of o − y by |o| + |y|.
            var (last, y) = (sequence.Length * width, data.Y[s]);
            for (var j = 0; j < width; j++)
            {
                _delta[j] = scale * (_activations[last + j] - y[j]);
                _deltaMagnitude[j] = scale * (_activationMagnitudes[last + j] + Math.Abs(y[j]));
            }

            for (var k = sequence.Length - 1; k >= 0; k--)
            {
                Backward(sequence[k], k * width, width);
            }
        }
    }

    // Grows the buffers to the plan's tree; they are cleared or overwritten before they are read.
    private void Fit()
    {
        var (width, count) = (_plan.Width, _plan.Names.Length);
        if (_weights.Length < count)
        {
            (_weights, _offsets) = (new ImmutableArray<float>[count], new int[count + 1]);
        }

        var rows = (_plan.Sequence.Length + 1) * width;
        if (_activations.Length < rows)
        {
            (_activations, _activationMagnitudes) = (new double[rows], new double[rows]);
        }

        if (_local.Length < width)
        {
            (_local, _localMagnitude) = (new double[width], new double[width]);
            (_delta, _deltaMagnitude) = (new double[width], new double[width]);
            (_upstream, _upstreamMagnitude) = (new double[width], new double[width]);
        }
    }

    private void Forward(int layer, int at, int width)
    {
        var activation = _plan.Activation[layer];
        var k = _plan.Kernel[layer];
        var kernel = _values.AsSpan(_offsets[k], _offsets[k + 1] - _offsets[k]);
        var kernelAbsolute = _absolute.AsSpan(_offsets[k], kernel.Length);
        var b = _plan.Bias[layer];
        var useBias = b >= 0;
        var bias = useBias ? _values.AsSpan(_offsets[b], _offsets[b + 1] - _offsets[b]) : default;
        var biasAbsolute = useBias ? _absolute.AsSpan(_offsets[b], bias.Length) : default;
        var input = _activations.AsSpan(at, width);
        var inputMagnitude = _activationMagnitudes.AsSpan(at, width);
        var output = _activations.AsSpan(at + width, width);
        var magnitude = _activationMagnitudes.AsSpan(at + width, width);
        for (var j = 0; j < width; j++)
        {
            var z = useBias ? bias[j] : 0.0;
            var m = useBias ? biasAbsolute[j] : 0.0;
            for (var i = 0; i < width; i++)
            {
                z += input[i] * kernel[(i * width) + j];
                m += inputMagnitude[i] * kernelAbsolute[(i * width) + j];
            }

            output[j] = activation switch
            {
                ActivationKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
                ActivationKind.Tanh => Math.Tanh(z),
                _ => z,
            };

            // An error in z reaches the output scaled by the activation's slope, and evaluating it adds its own rounding.
            magnitude[j] = activation == ActivationKind.Linear
                ? m
                : (m * GradientOracle.Slope(activation, output[j])) + Math.Abs(output[j]);
        }
    }

    // Reads the error of this layer's output from _delta and leaves the error of its input there.
    private void Backward(int layer, int at, int width)
    {
        var activation = _plan.Activation[layer];
        var kernelAt = _offsets[_plan.Kernel[layer]];
        var kernelGradient = _gradient.AsSpan(kernelAt, _offsets[_plan.Kernel[layer] + 1] - kernelAt);
        var kernelMagnitude = _magnitude.AsSpan(kernelAt, kernelGradient.Length);
        var kernel = _values.AsSpan(kernelAt, kernelGradient.Length);
        var kernelAbsolute = _absolute.AsSpan(kernelAt, kernelGradient.Length);
        var b = _plan.Bias[layer];
        var biasGradient = b >= 0 ? _gradient.AsSpan(_offsets[b], _offsets[b + 1] - _offsets[b]) : default;
        var biasMagnitude = b >= 0 ? _magnitude.AsSpan(_offsets[b], biasGradient.Length) : default;
        var input = _activations.AsSpan(at, width);
        var output = _activations.AsSpan(at + width, width);
        var inputMagnitude = _activationMagnitudes.AsSpan(at, width);
        (_upstream, _delta) = (_delta, _upstream);
        (_upstreamMagnitude, _deltaMagnitude) = (_deltaMagnitude, _upstreamMagnitude);
        // Spans held in locals: the loops then index them without reading the fields again at every value.
        var upstream = _upstream.AsSpan(0, width);
        var upstreamMagnitude = _upstreamMagnitude.AsSpan(0, width);
        var local = _local.AsSpan(0, width);
        var localMagnitude = _localMagnitude.AsSpan(0, width);
        var delta = _delta.AsSpan(0, width);
        var deltaMagnitude = _deltaMagnitude.AsSpan(0, width);
        for (var j = 0; j < width; j++)
        {
            var derivative = GradientOracle.Slope(activation, output[j]);
            local[j] = upstream[j] * derivative;
            localMagnitude[j] = upstreamMagnitude[j] * Math.Abs(derivative);
            if (b >= 0)
            {
                biasGradient[j] += local[j];
                biasMagnitude[j] += localMagnitude[j];
            }
        }

        delta.Clear();
        deltaMagnitude.Clear();
        for (var i = 0; i < width; i++)
        {
            // Row i of the kernel and its sums, and the row's sums of delta in locals: the same additions in the same order.
            var row = kernel.Slice(i * width, width);
            var rowAbsolute = kernelAbsolute.Slice(i * width, width);
            var rowGradient = kernelGradient.Slice(i * width, width);
            var rowMagnitude = kernelMagnitude.Slice(i * width, width);
            var (x, xMagnitude) = (input[i], inputMagnitude[i]);
            var (d, dMagnitude) = (delta[i], deltaMagnitude[i]);
            for (var j = 0; j < row.Length; j++)
            {
                rowGradient[j] += x * local[j];
                rowMagnitude[j] += xMagnitude * localMagnitude[j];
                d += local[j] * row[j];
                dMagnitude += localMagnitude[j] * rowAbsolute[j];
            }

            (delta[i], deltaMagnitude[i]) = (d, dMagnitude);
        }
    }
}
