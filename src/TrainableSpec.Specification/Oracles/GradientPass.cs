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
    private readonly GradientPlan _plan;
    private readonly ImmutableArray<float>[] _weights;
    private readonly double[][] _gradient;
    private readonly double[][] _magnitude;

    // One row of width values per activation of the forward sequence, the input first.
    private readonly double[] _activations;
    private readonly double[] _activationMagnitudes;
    private readonly double[] _local;
    private readonly double[] _localMagnitude;
    private double[] _delta;
    private double[] _deltaMagnitude;
    private double[] _upstream;
    private double[] _upstreamMagnitude;

    /// <summary>A pass over <paramref name="tree"/>, which holds dense layers and containers only.</summary>
    public GradientPass(TreeDescription tree)
    {
        _plan = GradientPlan.Of(tree);
        var (width, count) = (_plan.Width, _plan.Names.Length);
        (_weights, _gradient, _magnitude) = (new ImmutableArray<float>[count], new double[count][], new double[count][]);
        var rows = (_plan.Sequence.Length + 1) * width;
        (_activations, _activationMagnitudes) = (new double[rows], new double[rows]);
        (_local, _localMagnitude, _delta, _deltaMagnitude) = (new double[width], new double[width], new double[width], new double[width]);
        (_upstream, _upstreamMagnitude) = (new double[width], new double[width]);
    }

    /// <summary>The plan the pass walks.</summary>
    public GradientPlan Plan => _plan;

    /// <summary>The gradient of the trainable weight at <paramref name="index"/> of the plan, after <see cref="Run"/>.</summary>
    public double[] Gradient(int index) => _gradient[index];

    /// <summary>The magnitude counterpart of <see cref="Gradient"/> (<see cref="TreeGradient.Magnitude"/>).</summary>
    public double[] Magnitude(int index) => _magnitude[index];

    /// <summary>
    /// Computes the gradient at <paramref name="weights"/> on <paramref name="data"/>; with <paramref name="fresh"/>, into
    /// new arrays (for results handed out), else into the last call's arrays where their lengths still fit.
    /// </summary>
    public void Run(WeightSet weights, TrainingData data, bool fresh)
    {
        var names = _plan.Names;
        for (var w = 0; w < names.Length; w++)
        {
            // Sized by what the weight set holds, as the sums always were.
            var values = weights[names[w]];
            _weights[w] = values;
            if (fresh || _gradient[w] is null || _gradient[w].Length != values.Length)
            {
                (_gradient[w], _magnitude[w]) = (new double[values.Length], new double[values.Length]);
            }
            else
            {
                Array.Clear(_gradient[w]);
                Array.Clear(_magnitude[w]);
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

    private void Forward(int layer, int at, int width)
    {
        var activation = _plan.Activation[layer];
        var kernel = _weights[_plan.Kernel[layer]].AsSpan();
        var b = _plan.Bias[layer];
        var useBias = b >= 0;
        var bias = useBias ? _weights[b].AsSpan() : default;
        var input = _activations.AsSpan(at, width);
        var inputMagnitude = _activationMagnitudes.AsSpan(at, width);
        var output = _activations.AsSpan(at + width, width);
        var magnitude = _activationMagnitudes.AsSpan(at + width, width);
        for (var j = 0; j < width; j++)
        {
            var z = useBias ? bias[j] : 0.0;
            var m = useBias ? Math.Abs(bias[j]) : 0.0;
            for (var i = 0; i < width; i++)
            {
                z += input[i] * kernel[(i * width) + j];
                m += inputMagnitude[i] * Math.Abs(kernel[(i * width) + j]);
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
        var kernel = _weights[_plan.Kernel[layer]].AsSpan();
        var (kernelGradient, kernelMagnitude) = (_gradient[_plan.Kernel[layer]], _magnitude[_plan.Kernel[layer]]);
        var b = _plan.Bias[layer];
        var input = _activations.AsSpan(at, width);
        var output = _activations.AsSpan(at + width, width);
        var inputMagnitude = _activationMagnitudes.AsSpan(at, width);
        (_upstream, _delta) = (_delta, _upstream);
        (_upstreamMagnitude, _deltaMagnitude) = (_deltaMagnitude, _upstreamMagnitude);
        for (var j = 0; j < width; j++)
        {
            var derivative = GradientOracle.Slope(activation, output[j]);
            _local[j] = _upstream[j] * derivative;
            _localMagnitude[j] = _upstreamMagnitude[j] * Math.Abs(derivative);
            if (b >= 0)
            {
                _gradient[b][j] += _local[j];
                _magnitude[b][j] += _localMagnitude[j];
            }
        }

        Array.Clear(_delta);
        Array.Clear(_deltaMagnitude);
        for (var i = 0; i < width; i++)
        {
            for (var j = 0; j < width; j++)
            {
                kernelGradient[(i * width) + j] += input[i] * _local[j];
                kernelMagnitude[(i * width) + j] += inputMagnitude[i] * _localMagnitude[j];
                _delta[i] += _local[j] * kernel[(i * width) + j];
                _deltaMagnitude[i] += _localMagnitude[j] * Math.Abs(kernel[(i * width) + j]);
            }
        }
    }
}
