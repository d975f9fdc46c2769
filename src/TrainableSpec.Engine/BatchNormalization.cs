namespace TrainableSpec.Engine;

/// <summary>
/// Batch normalization without scale (Keras' <c>BatchNormalization(scale=False)</c>): output = (x − μ)/√(σ² + ε) + β
/// per feature, with μ, σ² the batch's statistics (biased variance) or the moving ones, as the
/// <see cref="BatchNormMode"/> of the fit says. Its weights, in Keras' order: <c>beta</c> (trainable),
/// <c>moving_mean</c> and <c>moving_variance</c> (never trained; moved by a training-mode pass:
/// m ← momentum·m + (1 − momentum)·batch statistic).
/// </summary>
public sealed class BatchNormalization : Layer
{
    private Weight? _beta;
    private Weight? _movingMean;
    private Weight? _movingVariance;

    // Made at the first call, with the weights; callers get a read-only view of all of them, made when first asked for.
    private Weight[] _all = [];
    private Weight[] _variables = [];
    private IReadOnlyList<Weight>? _weights;

    /// <summary>Creates the layer; it gets its weights at its first call (β = 0, moving mean 0, moving variance 1).</summary>
    public BatchNormalization(string? name = null)
        : base(name)
    {
    }

    /// <summary>Keras' default momentum of the moving statistics.</summary>
    public const float Momentum = 0.99f;

    /// <summary>Keras' default ε.</summary>
    public const float Epsilon = 1e-3f;

    /// <summary>The width fixed at the first call, or null before it.</summary>
    public int? Width { get; private set; }

    /// <inheritdoc />
    public override IReadOnlyList<Weight> Weights => _all.Length == 0 ? [] : _weights ??= Array.AsReadOnly(_all);

    internal override Weight[] OwnVariables => _variables;

    internal override Weight[] OwnWeights => _all;

    /// <inheritdoc />
    protected override string DefaultNamePrefix => "batch_normalization";

    /// <inheritdoc />
    protected override int OutputWidth(int inputWidth) => inputWidth;

    /// <inheritdoc />
    protected override void AcceptInputWidth(int inputWidth, Tensor input)
    {
        if (Width is { } expected)
        {
            if (expected != inputWidth)
            {
                throw new ShapeMismatchException($"{Name} was built for inputs of width {expected} but was called on {input}.");
            }

            return;
        }

        Width = inputWidth;
        _beta = new Weight(this, "beta", 1, inputWidth, new float[inputWidth]) { VariableFlag = OwnTrainable };
        _movingMean = new Weight(this, "moving_mean", 1, inputWidth, new float[inputWidth]) { VariableFlag = false };
        var ones = new float[inputWidth];
        Array.Fill(ones, 1f);
        _movingVariance = new Weight(this, "moving_variance", 1, inputWidth, ones)
        {
            VariableFlag = false,
        };
        _all = [_beta, _movingMean, _movingVariance];
        _variables = [_beta];
    }

    internal override int CallCount => 1;

    internal override void AppendCalls(Layer[] calls, ref int count) => calls[count++] = this;

    // The arithmetic and its order are those of the engine's first, per-sample version, so results stay bit-identical.
    internal void Forward(Tape tape, int call)
    {
        var input = tape.InputOf(call);
        var output = tape.OutputOf(call);
        var width = Width!.Value;
        var n = tape.Count;
        var mode = tape.Modes[call];
        var (mean, variance) = mode == BatchNormMode.Inference
            ? (_movingMean!.Values, _movingVariance!.Values)
            : BatchStatistics(input, n, width, tape.Mean, tape.Variance);
        var scale = tape.Scales[call];
        var beta = _beta!.Values;
        for (var j = 0; j < width; j++)
        {
            scale[j] = 1f / MathF.Sqrt(variance[j] + Epsilon);
        }

        for (var s = 0; s < n; s++)
        {
            for (var j = 0; j < width; j++)
            {
                output[(s * width) + j] = ((input[(s * width) + j] - mean[j]) * scale[j]) + beta[j];
            }
        }

        if (mode == BatchNormMode.Training)
        {
            MoveToward(_movingMean!.Values, mean);
            MoveToward(_movingVariance!.Values, variance);
        }
    }

    internal void Backward(Tape tape, int call)
    {
        var output = tape.OutputOf(call);
        var scale = tape.Scales[call];
        var batch = tape.Modes[call] != BatchNormMode.Inference;
        var upstream = tape.Upstream;
        var downstream = tape.Downstream;
        var width = Width!.Value;
        var n = tape.Count;
        var beta = _beta!.Values;
        var betaGradient = tape.GradientOfCall(_beta!);
        for (var j = 0; j < width; j++)
        {
            // x̂ = output − β; with batch statistics, μ and σ² depend on every sample of the batch.
            float sumG = 0f, sumGx = 0f;
            for (var s = 0; s < n; s++)
            {
                sumG += upstream[(s * width) + j];
                sumGx += upstream[(s * width) + j] * (output[(s * width) + j] - beta[j]);
            }

            betaGradient[j] += sumG;
            for (var s = 0; s < n; s++)
            {
                var normalized = output[(s * width) + j] - beta[j];
                downstream[(s * width) + j] = batch
                    ? scale[j] * (upstream[(s * width) + j] - (sumG / n) - (normalized * sumGx / n))
                    : scale[j] * upstream[(s * width) + j];
            }
        }
    }

    private static (float[] Mean, float[] Variance) BatchStatistics(float[] input, int n, int width, float[] mean, float[] variance)
    {
        for (var j = 0; j < width; j++)
        {
            mean[j] = 0f;
            variance[j] = 0f;
            for (var s = 0; s < n; s++)
            {
                mean[j] += input[(s * width) + j] / n;
            }

            for (var s = 0; s < n; s++)
            {
                var deviation = input[(s * width) + j] - mean[j];
                variance[j] += deviation * deviation / n;
            }
        }

        return (mean, variance);
    }

    private static void MoveToward(float[] moving, float[] batch)
    {
        for (var j = 0; j < moving.Length; j++)
        {
            moving[j] = (Momentum * moving[j]) + ((1f - Momentum) * batch[j]);
        }
    }
}
