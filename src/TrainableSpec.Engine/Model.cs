namespace TrainableSpec.Engine;

/// <summary>
/// A container that can be trained under its session's <see cref="TrainabilityRule"/>. Under Keras 2.1.6 (the
/// default) <see cref="Compile"/> collects the trainable weights and <see cref="Fit"/> updates exactly those, so a
/// flag changed after compiling takes effect only at the next compile, and <see cref="Fit"/> warns meanwhile; other
/// rules say otherwise (see <see cref="TrainabilityRule.StepWeights"/>). Each compile makes the model's trainer (the
/// optimizer, the collected list, the fit loop); the graph and the flags stay the model's. A model is for one thread at
/// a time, <see cref="Predict"/> included: every pass reuses the model's one set of buffers.
/// </summary>
public sealed class Model : Container
{
    private Trainer? _trainer;
    private bool _compileRefused;
    private Tape? _tape;

    /// <summary>Builds a model that computes <paramref name="outputs"/> from <paramref name="inputs"/>.</summary>
    public Model(Tensor inputs, Tensor outputs, string? name = null)
        : base(inputs, outputs, name, "model")
    {
        var calls = new Layer[CallCount];
        var count = 0;
        AppendCalls(calls, ref count);
        Calls = calls;
    }

    /// <summary>How flags combine into the trainable weights: the rule of the model's session.</summary>
    public TrainabilityRule Rule => Session!.Rule;

    /// <summary>The weights the flags make trainable now.</summary>
    public IReadOnlyList<Weight> TrainableWeights => Rule.TrainableWeights(this);

    /// <summary>The warnings the last <see cref="Fit"/> gave, also when it then threw (TensorFlow.js warns before it steps).</summary>
    public IReadOnlyList<StaleTrainableWeightsWarning> LastFitWarnings { get; internal set; } = [];

    /// <summary>The weights collected at the last <see cref="Compile"/>, which <see cref="Fit"/> updates.</summary>
    /// <exception cref="NotCompiledException">The model has not been compiled.</exception>
    public IReadOnlyList<Weight> CollectedTrainableWeights => RequireCompiled(nameof(CollectedTrainableWeights)).Collected;

    /// <summary>The computing layers a pass runs, in order, containers flattened: fixed once the model is built.</summary>
    internal Layer[] Calls { get; }

    /// <summary>The buffers of every pass, made at the first and reused: the graph, so every shape but the batch's, is fixed.</summary>
    internal Tape Tape => _tape ??= new Tape(Calls, InputTensor.Width);

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
                + (_trainer is null ? "the model stays uncompiled." : "the last compile's optimizer stays."));
        }

        // After the refusal check: a refused compile must not touch the optimizer that stays.
        if (!Rule.KeepsOptimizerStateAcrossCompiles)
        {
            optimizer.ForgetState();
        }

        _trainer = new Trainer(this, optimizer, collected, Rule.Timing == FitTiming.FlagsRestoredFromCompile ? RecordFlags() : []);
    }

    // Every flag below the model as the compile finds it, for a rule whose fits run with the compile's flags.
    private (Layer Layer, bool Trainable)[] RecordFlags()
    {
        var below = SelfAndBelow();
        var flags = new (Layer Layer, bool Trainable)[below.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = (below[i], below[i].OwnTrainable);
        }

        return flags;
    }

    /// <summary>Computes the outputs for <paramref name="x"/>.</summary>
    public float[][] Predict(float[][] x)
    {
        CheckBatch(x, InputTensor.Width, "Predict", "x");
        var tape = Pass(x, BatchNormMode.Inference);
        var width = tape.OutputWidth;
        var outputs = new float[x.Length][];
        for (var s = 0; s < x.Length; s++)
        {
            outputs[s] = tape.Output.AsSpan(s * width, width).ToArray();
        }

        return outputs;
    }

    /// <summary>
    /// The gradient of the loss on (<paramref name="x"/>, <paramref name="y"/>) with respect to each weight the last
    /// compile collected, summed over every place the weight is used, frozen containers included. Batch
    /// normalizations use their moving statistics, or with <paramref name="training"/> the batch's (without moving
    /// their own).
    /// </summary>
    public IReadOnlyDictionary<Weight, float[]> Gradients(float[][] x, float[][] y, bool training = false)
    {
        var trainer = RequireCompiled(nameof(Gradients));
        CheckTargets(x, y, "Gradients");
        var tape = Pass(x, Mode(training));
        MeanSquaredError.Gradient(tape.Output, x.Length, tape.OutputWidth, y, 0, tape.Upstream);
        tape.Backward();
        return trainer.Collected.Distinct()
            .ToDictionary(w => w, w => tape.GradientOf(w) is { } g ? (float[])g.Clone() : new float[w.Length]);
    }

    /// <summary>
    /// The loss on (<paramref name="x"/>, <paramref name="y"/>) with the current weights, batch statistics as
    /// <see cref="Gradients"/> says.
    /// </summary>
    public float Evaluate(float[][] x, float[][] y, bool training = false)
    {
        CheckTargets(x, y, "Evaluate");
        var tape = Pass(x, Mode(training));
        return MeanSquaredError.Value(tape.Output, x.Length, tape.OutputWidth, y, 0);
    }

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
        if (_trainer is null && _compileRefused)
        {
            // PyTorch's opt is still None: opt.zero_grad() raises before the forward pass.
            throw new NothingTrainableException($"Fit on {Name}: every compile was refused, so there is no optimizer to step.");
        }

        var trainer = RequireCompiled(nameof(Fit));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epochs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        // Checked once here for every batch of every epoch: the batches are slices of these arrays.
        CheckTargets(x, y, "Fit");
        return trainer.Fit(x, y, epochs, batchSize);
    }

    private static BatchNormMode Mode(bool training) => training ? BatchNormMode.TrainingWithoutUpdates : BatchNormMode.Inference;

    // A forward pass over all of checked x, every batch normalization in one mode.
    private Tape Pass(float[][] x, BatchNormMode mode)
    {
        var tape = Tape;
        Array.Fill(tape.Modes, mode);
        tape.Load(x, 0, x.Length);
        tape.Forward();
        return tape;
    }

    private Trainer RequireCompiled(string operation) =>
        _trainer
        ?? throw new NotCompiledException($"{operation} on {Name}: the model must be compiled first; call Compile(optimizer, loss).");

    private void CheckTargets(float[][] x, float[][] y, string operation)
    {
        CheckBatch(x, InputTensor.Width, operation, "x");
        CheckBatch(y, OutputTensorWidth, operation, "y");
        if (x.Length != y.Length)
        {
            throw new InvalidDataException($"{operation} on {Name}: x has {x.Length} samples but y has {y.Length}.");
        }
    }

    private void CheckBatch(float[][] data, int width, string operation, string argument)
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
    }
}
