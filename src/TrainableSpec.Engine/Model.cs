namespace TrainableSpec.Engine;

/// <summary>
/// A container that can be trained under its session's <see cref="TrainabilityRule"/>. Under Keras 2.1.6 (the
/// default) <see cref="Compile"/> collects the trainable weights and <see cref="Fit"/> updates exactly those, so a
/// flag changed after compiling takes effect only at the next compile, and <see cref="Fit"/> warns meanwhile; other
/// rules say otherwise (see <see cref="TrainabilityRule.StepWeights"/>).
/// </summary>
public sealed class Model : Container
{
    private Compiled? _compiled;
    private bool _compileRefused;
    private IReadOnlySet<Layer>? _updates;

    /// <summary>Builds a model that computes <paramref name="outputs"/> from <paramref name="inputs"/>.</summary>
    public Model(Tensor inputs, Tensor outputs, string? name = null)
        : base(inputs, outputs, name, "model")
    {
    }

    /// <summary>How flags combine into the trainable weights: the rule of the model's session.</summary>
    public TrainabilityRule Rule => Session!.Rule;

    /// <summary>The weights the flags make trainable now.</summary>
    public IReadOnlyList<Weight> TrainableWeights => Rule.TrainableWeights(this);

    /// <summary>The warnings the last <see cref="Fit"/> gave, also when it then threw (TensorFlow.js warns before it steps).</summary>
    public IReadOnlyList<StaleTrainableWeightsWarning> LastFitWarnings { get; private set; } = [];

    /// <summary>The weights collected at the last <see cref="Compile"/>, which <see cref="Fit"/> updates.</summary>
    /// <exception cref="NotCompiledException">The model has not been compiled.</exception>
    public IReadOnlyList<Weight> CollectedTrainableWeights => RequireCompiled(nameof(CollectedTrainableWeights)).Weights;

    /// <summary>Chooses the optimizer and loss and collects the trainable weights from the current flags.</summary>
    /// <exception cref="NothingTrainableException">
    /// Nothing to collect under a rule that refuses such a compile (<see cref="TrainabilityRule.RefusesEmptyCompile"/>); the
    /// last compile's optimizer and list stay.
    /// </exception>
    public void Compile(Optimizer optimizer, MeanSquaredError loss)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        var collected = Rule.Collect(this);
        if (collected.Count == 0 && Rule.RefusesEmptyCompile)
        {
            _compileRefused = true;
            throw new NothingTrainableException(
                $"Compile on {Name}: under {Rule.Name} no weight is trainable, and the optimizer refuses an empty list; "
                + (_compiled is null ? "the model stays uncompiled." : "the last compile's optimizer stays."));
        }

        // After the refusal check: a refused compile must not touch the optimizer that stays.
        if (!Rule.KeepsOptimizerStateAcrossCompiles)
        {
            optimizer.ForgetState();
        }

        _compiled = new Compiled(optimizer, collected, [.. SelfAndBelow().Select(l => (l, l.OwnTrainable))]);
        _updates = null;
    }

    /// <summary>Computes the outputs for <paramref name="x"/>.</summary>
    public float[][] Predict(float[][] x) => Outputs(CheckBatch(x, InputTensor.Width, "Predict", "x"), Modes(training: false));

    /// <summary>
    /// The gradient of the loss on (<paramref name="x"/>, <paramref name="y"/>) with respect to each weight the last
    /// compile collected, summed over every place the weight is used, frozen containers included. Batch
    /// normalizations use their moving statistics, or with <paramref name="training"/> the batch's (without moving
    /// their own).
    /// </summary>
    public IReadOnlyDictionary<Weight, float[]> Gradients(float[][] x, float[][] y, bool training = false)
    {
        var compiled = RequireCompiled(nameof(Gradients));
        var (pass, _) = Backpropagate(x, y, "Gradients", Modes(training));
        return compiled.Weights.Distinct().ToDictionary(w => w, w => (float[])pass.GradientOf(w).Clone());
    }

    /// <summary>
    /// The loss on (<paramref name="x"/>, <paramref name="y"/>) with the current weights, batch statistics as
    /// <see cref="Gradients"/> says.
    /// </summary>
    public float Evaluate(float[][] x, float[][] y, bool training = false)
    {
        var targets = CheckTargets(x, y, "Evaluate");
        return MeanSquaredError.Value(Outputs(x, Modes(training)), targets);
    }

    private float[][] Outputs(float[][] x, Func<BatchNormalization, BatchNormMode> modes)
    {
        var pass = new Tape(x) { ModeOf = modes };
        Forward(pass);
        return pass.Current;
    }

    private static Func<BatchNormalization, BatchNormMode> Modes(bool training) =>
        training ? _ => BatchNormMode.TrainingWithoutUpdates : _ => BatchNormMode.Inference;

    /// <summary>
    /// Trains for <paramref name="epochs"/> passes over the data in order, one optimizer step per batch of
    /// <paramref name="batchSize"/> samples, updating the weights the rule names for the step
    /// (<see cref="TrainabilityRule.StepWeights"/>: under Keras 2.1.6, those collected at the last compile).
    /// </summary>
    /// <exception cref="NothingTrainableException">
    /// Nothing to train under a rule that refuses such a fit, or every compile so far was refused, so there is no optimizer.
    /// </exception>
    public History Fit(float[][] x, float[][] y, int epochs = 1, int batchSize = 32)
    {
        if (_compiled is null && _compileRefused)
        {
            // PyTorch's opt is still None: opt.zero_grad() raises before the forward pass.
            throw new NothingTrainableException($"Fit on {Name}: every compile was refused, so there is no optimizer to step.");
        }

        var compiled = RequireCompiled(nameof(Fit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        CheckTargets(x, y, "Fit");
        StaleTrainableWeightsWarning[] warnings =
            Rule.WarnsWhenStale ? StaleWarning(compiled.Weights, TrainableWeights)
            : Rule.WarnsByCount && TrainableWeights.Count != compiled.Weights.Count ? [new StaleTrainableWeightsWarning([], [])]
            : [];
        LastFitWarnings = warnings;
        var current = Rule.Timing == FitTiming.FlagsRestoredFromCompile ? SetFlags(compiled.Flags) : null;
        try
        {
            return new History(Train(compiled, x, y, epochs, batchSize), warnings);
        }
        finally
        {
            if (current is not null)
            {
                SetFlags(current);
            }
        }
    }

    private List<float> Train(Compiled compiled, float[][] x, float[][] y, int epochs, int batchSize)
    {
        var weights = Rule.StepWeights(this, compiled.Weights);
        var updates = _updates ??= Rule.CollectUpdates(this);
        var refused = Rule.Refusal switch
        {
            FitRefusal.Never => false,
            // backward raises when nothing requires grad, whatever the optimizer holds.
            FitRefusal.AfterForwardPass => TrainableWeights.Count == 0,
            _ => weights.Count == 0,
        };
        if (refused)
        {
            if (Rule.Refusal == FitRefusal.AfterForwardPass)
            {
                Outputs(x[..Math.Min(batchSize, x.Length)], layer => Rule.ModeOf(layer, updates));
            }

            throw new NothingTrainableException(
                $"Fit on {Name}: under {Rule.Name} no weight is left to train "
                + $"({compiled.Weights.Count} collected at compile, none of them trainable now).");
        }

        var losses = new List<float>();
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var sum = 0f;
            var batches = 0;
            for (var start = 0; start < x.Length; start += batchSize)
            {
                var count = Math.Min(batchSize, x.Length - start);
                var (pass, loss) = Backpropagate(
                    x[start..(start + count)],
                    y[start..(start + count)],
                    "Fit",
                    layer => Rule.ModeOf(layer, updates));
                if (Rule.KeepsOptimizerStateByPosition)
                {
                    compiled.Optimizer.StepByPosition(compiled.Weights, pass.Gradients);
                }
                else
                {
                    compiled.Optimizer.Step(weights, pass.Gradients);
                }

                sum += loss;
                batches++;
            }

            losses.Add(sum / batches);
        }

        return losses;
    }

    // Writes the flags themselves (not through the rule), as tf.keras' RespectCompiledTrainableState ends up doing.
    private (Layer Layer, bool Trainable)[] SetFlags(IReadOnlyList<(Layer Layer, bool Trainable)> flags)
    {
        var previous = flags.Select(f => (f.Layer, f.Layer.OwnTrainable)).ToArray();
        foreach (var (layer, trainable) in flags)
        {
            layer.OwnTrainable = trainable;
        }

        return previous;
    }

    private (Tape Pass, float Loss) Backpropagate(
        float[][] x, float[][] y, string operation, Func<BatchNormalization, BatchNormMode>? modes = null)
    {
        var targets = CheckTargets(x, y, operation);
        var pass = new Tape(x) { ModeOf = modes ?? (_ => BatchNormMode.Inference) };
        Forward(pass);
        var loss = MeanSquaredError.Value(pass.Current, targets);
        pass.Gradient = MeanSquaredError.Gradient(pass.Current, targets);
        Backward(pass);
        return (pass, loss);
    }

    private static StaleTrainableWeightsWarning[] StaleWarning(IReadOnlyList<Weight> compiled, IReadOnlyList<Weight> current)
    {
        var nowTrainable = current.Except(compiled).Select(w => w.Name).ToArray();
        var nowFrozen = compiled.Except(current).Select(w => w.Name).ToArray();
        return nowTrainable.Length + nowFrozen.Length == 0 ? [] : [new StaleTrainableWeightsWarning(nowTrainable, nowFrozen)];
    }

    private Compiled RequireCompiled(string operation) =>
        _compiled
        ?? throw new NotCompiledException($"{operation} on {Name}: the model must be compiled first; call Compile(optimizer, loss).");

    private float[][] CheckTargets(float[][] x, float[][] y, string operation)
    {
        CheckBatch(x, InputTensor.Width, operation, "x");
        CheckBatch(y, OutputTensorWidth, operation, "y");
        return x.Length == y.Length
            ? y
            : throw new InvalidDataException($"{operation} on {Name}: x has {x.Length} samples but y has {y.Length}.");
    }

    private float[][] CheckBatch(float[][] data, int width, string operation, string argument)
    {
        if (data is null || data.Length == 0)
        {
            throw new InvalidDataException($"{operation} on {Name}: {argument} is empty; a batch needs at least one sample.");
        }

        for (var s = 0; s < data.Length; s++)
        {
            if (data[s] is null || data[s].Length != width)
            {
                throw new ShapeMismatchException(
                    $"{operation} on {Name}: {argument}[{s}] has {data[s]?.Length ?? 0} values, but the model expects {width}.");
            }

            for (var i = 0; i < width; i++)
            {
                if (!float.IsFinite(data[s][i]))
                {
                    throw new InvalidDataException($"{operation} on {Name}: {argument}[{s}][{i}] is {data[s][i]}; data must be finite.");
                }
            }
        }

        return data;
    }

    private sealed record Compiled(Optimizer Optimizer, IReadOnlyList<Weight> Weights, IReadOnlyList<(Layer Layer, bool Trainable)> Flags);
}
