namespace TrainableSpec.Engine;

/// <summary>
/// A model's compiled state, as Keras 3 separates its trainer from its layers: the model is the graph and its flags;
/// the trainer, made by each <see cref="Model.Compile"/>, holds what that compile chose — the optimizer, the collected
/// list and the flags recorded then — and runs the fit loop on the model's <see cref="Tape"/>.
/// </summary>
internal sealed class Trainer(Model model, Optimizer optimizer, IReadOnlyList<Weight> collected, (Layer Layer, bool Trainable)[] flags)
{
    // The batch normalizations whose statistics a fit moves: taken at the first fit after the compile (Keras 2 builds its
    // train function then).
    private IReadOnlySet<Layer>? _updates;

    /// <summary>The weights the compile collected.</summary>
    public IReadOnlyList<Weight> Collected => collected;

    private TrainabilityRule Rule => model.Rule;

    /// <summary>
    /// Trains on data already checked, warning first (the warnings stay on the model also when the fit then throws).
    /// </summary>
    public History Fit(float[][] x, float[][] y, int epochs, int batchSize)
    {
        // Read once: the flags do not change before the recorded ones are put in place below.
        IReadOnlyList<Weight>? now = null;
        StaleTrainableWeightsWarning[] warnings =
            Rule.WarnsWhenStale ? StaleWarning(collected, now = Rule.TrainableWeights(model))
            : Rule.WarnsByCount && (now = Rule.TrainableWeights(model)).Count != collected.Count
                ? [new StaleTrainableWeightsWarning([], [])]
            : [];
        model.LastFitWarnings = warnings;
        var current = Rule.Timing == FitTiming.FlagsRestoredFromCompile ? SetFlags(flags) : null;
        try
        {
            return new History(Train(x, y, epochs, batchSize, current is null ? now : null), warnings);
        }
        finally
        {
            if (current is not null)
            {
                SetFlags(current);
            }
        }
    }

    private List<float> Train(float[][] x, float[][] y, int epochs, int batchSize, IReadOnlyList<Weight>? trainableNow)
    {
        var weights = Rule.StepWeights(model, collected);
        var refused = Rule.Refusal switch
        {
            FitRefusal.Never => false,
            // backward raises when nothing requires grad, whatever the optimizer holds.
            FitRefusal.AfterForwardPass => (trainableNow ?? Rule.TrainableWeights(model)).Count == 0,
            _ => weights.Count == 0,
        };
        var tape = model.Tape;
        var calls = model.Calls;
        for (var k = 0; k < calls.Length; k++)
        {
            // The flags stay as they are for the whole fit, so each call's mode is decided once.
            if (calls[k] is BatchNormalization layer)
            {
                // Taken at the first fit after the compile that meets a batch normalization: only their modes read it.
                tape.Modes[k] = Rule.ModeOf(layer, _updates ??= Rule.CollectUpdates(model));
            }
        }

        if (refused)
        {
            if (Rule.Refusal == FitRefusal.AfterForwardPass)
            {
                tape.Load(x, 0, Math.Min(batchSize, x.Length));
                tape.Forward();
            }

            throw new NothingTrainableException(
                $"Fit on {model.Name}: under {Rule.Name} no weight is left to train "
                + $"({collected.Count} collected at compile, none of them trainable now).");
        }

        var byPosition = Rule.KeepsOptimizerStateByPosition;
        var losses = new List<float>(epochs);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var sum = 0f;
            var batches = 0;
            for (var start = 0; start < x.Length; start += batchSize)
            {
                var count = Math.Min(batchSize, x.Length - start);
                tape.Load(x, start, count);
                tape.Forward();
                var loss = MeanSquaredError.Value(tape.Output, count, tape.OutputWidth, y, start);
                MeanSquaredError.Gradient(tape.Output, count, tape.OutputWidth, y, start, tape.Upstream);
                tape.Backward();
                if (byPosition)
                {
                    optimizer.StepByPosition(collected, tape);
                }
                else
                {
                    optimizer.Step(weights, tape);
                }

                sum += loss;
                batches++;
            }

            losses.Add(sum / batches);
        }

        return losses;
    }

    // Writes the flags themselves (not through the rule), as tf.keras' RespectCompiledTrainableState ends up doing.
    private static (Layer Layer, bool Trainable)[] SetFlags((Layer Layer, bool Trainable)[] flags)
    {
        var previous = new (Layer Layer, bool Trainable)[flags.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            previous[i] = (flags[i].Layer, flags[i].Layer.OwnTrainable);
            flags[i].Layer.OwnTrainable = flags[i].Trainable;
        }

        return previous;
    }

    private static StaleTrainableWeightsWarning[] StaleWarning(IReadOnlyList<Weight> compiled, IReadOnlyList<Weight> current)
    {
        var nowTrainable = Except(current, compiled);
        var nowFrozen = Except(compiled, current);
        return nowTrainable.Length + nowFrozen.Length == 0 ? [] : [new StaleTrainableWeightsWarning(nowTrainable, nowFrozen)];
    }

    // The names of the weights of first that second lacks, each once, in first's order (as Except() gives them); linear
    // searches, since the lists are short and usually equal, when this allocates nothing.
    private static string[] Except(IReadOnlyList<Weight> first, IReadOnlyList<Weight> second)
    {
        List<string>? names = null;
        for (var i = 0; i < first.Count; i++)
        {
            var weight = first[i];
            if (!Contains(second, weight, second.Count) && !Contains(first, weight, i))
            {
                (names ??= []).Add(weight.Name);
            }
        }

        return names is null ? [] : [.. names];
    }

    private static bool Contains(IReadOnlyList<Weight> weights, Weight weight, int before)
    {
        for (var i = 0; i < before; i++)
        {
            if (ReferenceEquals(weights[i], weight))
            {
                return true;
            }
        }

        return false;
    }
}
