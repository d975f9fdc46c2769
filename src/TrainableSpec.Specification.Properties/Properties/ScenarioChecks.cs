using System.Collections.Immutable;
using System.Globalization;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// The per-scenario checks behind the properties: each compares what an implementation observed in one run
/// with the oracle and returns null when they agree, else what differs and where. The corpus verifier runs the
/// same checks on results produced by engines in other languages. Each check, called on its own, first checks the run's
/// <see cref="Shape"/> and returns that failure if any (a run that ended early, lost a weight or left a member of an
/// observation null is named as such, never an exception inside a check); an invalid scenario is an
/// <see cref="InvalidDescriptionException"/>, and predictions that are not one per script step an
/// <see cref="ArgumentException"/>.
/// </summary>
public static class ScenarioChecks
{
    // Every check, reading one run's evidence: what Failures runs on one scenario, sharing what the checks compute.
    private static readonly ImmutableArray<(string Name, Func<Evidence, string?> Check)> Checks =
    [
        (nameof(Moves), MovesIn),
        (nameof(NeverTrainableIsBitIdentical), NeverTrainableIsBitIdenticalIn),
        (nameof(FlagsReadBack), FlagsReadBackIn),
        (nameof(CollectedOnce), CollectedOnceIn),
        (nameof(CompileTiming), CompileTimingIn),
        (nameof(Values), ValuesIn),
    ];

    /// <summary>Every check by name, for runners that report them one by one.</summary>
    public static ImmutableArray<(string Name, Func<Scenario, ScenarioRun, ImmutableArray<Prediction>, string?> Check)> All { get; } =
    [
        .. Checks.Select(c => (c.Name, (Func<Scenario, ScenarioRun, ImmutableArray<Prediction>, string?>)((scenario, run, predictions) =>
            Checked(scenario, run, predictions, FrameworkProfiles.Keras216, c.Check)))),
    ];

    /// <summary>Runs every check on one run, after checking its shape; returns the failures by check name.</summary>
    public static ImmutableArray<(string Check, string Failure)> Failures(Scenario scenario, ScenarioRun run) =>
        Failures(scenario, run, FrameworkProfiles.Keras216);

    /// <summary>Runs every check on one run against <paramref name="profile"/>'s predictions.</summary>
    public static ImmutableArray<(string Check, string Failure)> Failures(Scenario scenario, ScenarioRun run, FrameworkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (Shape(scenario, run) is { } shape)
        {
            return [("Shape", shape)];
        }

        // One prediction and one evidence for all checks: what they compute (the oracle's sets, which weights each fit
        // changed) is computed once per scenario.
        var evidence = new Evidence(scenario, run, profile.Predict(scenario), profile);
        // Made at the first failure: most runs have none.
        ImmutableArray<(string Check, string Failure)>.Builder? failures = null;
        foreach (var (name, check) in Checks)
        {
            if (check(evidence) is { } failure)
            {
                (failures ??= ImmutableArray.CreateBuilder<(string Check, string Failure)>()).Add((name, failure));
            }
        }

        return failures?.ToImmutable() ?? [];
    }

    /// <summary>
    /// At every fit, the weights that changed are exactly those predicted (under Keras 2.1.6, those collected at the last
    /// compile), and a fit is refused exactly when predicted; at every other step (a flag assigned, a compile) no weight
    /// changes, bit for bit.
    /// </summary>
    /// <remarks>
    /// Only a fit trains, under every profile: a compile or a flag's assignment that wrote a weight (rebuilding the model
    /// from its first weights, say) would move the weights every later fit is measured from, and the fits' own checks,
    /// which compare each fit with the observation just before it, would not see it.
    /// </remarks>
    public static string? Moves(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions) =>
        Checked(scenario, run, predictions, FrameworkProfiles.Keras216, MovesIn);

    private static string? MovesIn(Evidence evidence) => FirstAtAStep(evidence, static (evidence, prediction, step) =>
        {
            var (scenario, run, _) = evidence;
            if (scenario.Script[step] is not Fit)
            {
                return evidence.Unchanged(step)
                    ? null
                    : $"At step {step} ({scenario.Script[step]}): changed {Verdict.Names(evidence.Changed(step))}, "
                        + "but only a fit changes weights: after any other step every weight is bit-identical to the "
                        + "observation before.";
            }

            var refused = run.Steps[step].Refused;
            if (refused != prediction.Refused)
            {
                return $"At step {step} ({scenario.Script[step]}): the fit {(refused ? "was refused" : "ran")}, "
                    + $"but with {Verdict.Names(prediction.Moving)} to train "
                    + $"it must {(prediction.Refused ? "be refused" : "run")}.";
            }

            if (evidence.ChangedAsPredicted(step))
            {
                return null;
            }

            var changed = evidence.Changed(step);
            return changed.SetEquals(prediction.Moving)
                ? null
                : $"At step {step} ({scenario.Script[step]}): changed {Verdict.Names(changed)}, "
                    + $"but the weights trainable at the last compile are {Verdict.Names(prediction.Moving)}.";
        });

    /// <summary>A weight no fit was to move (under Keras 2.1.6: no compile collected) is bit-identical at the end.</summary>
    public static string? NeverTrainableIsBitIdentical(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions) =>
        Checked(scenario, run, predictions, FrameworkProfiles.Keras216, NeverTrainableIsBitIdenticalIn);

    private static string? NeverTrainableIsBitIdenticalIn(Evidence evidence)
    {
        var (scenario, run, predictions) = evidence;
        // Marks by the weight's position among the tree's names, each name found by ordinal equality as a hash set would.
        var names = TreeIndex.Of(scenario.Tree).WeightNames;
        Span<bool> everTrainable = names.Length <= 256 ? stackalloc bool[names.Length] : new bool[names.Length];
        // Steps between compiles predict the very same set again: each set is marked once.
        ImmutableSortedSet<string>? marked = null;
        foreach (var prediction in predictions)
        {
            if (marked is not null && ReferenceEquals(prediction.Moving, marked))
            {
                continue;
            }

            marked = prediction.Moving;
            foreach (var name in prediction.Moving)
            {
                if (Array.IndexOf(names, name) is var at and >= 0)
                {
                    everTrainable[at] = true;
                }
            }
        }

        var final = run.Steps[^1].Weights;
        List<string>? moved = null;
        for (var w = 0; w < names.Length; w++)
        {
            if (!everTrainable[w] && !final.BitIdentical(scenario.InitialWeights, names[w]))
            {
                (moved ??= []).Add(names[w]);
            }
        }

        return moved is null
            ? null
            : $"Never trainable, yet not bit-identical at the end: {Verdict.Names(moved)}; "
                + $"first: {moved[0]} was [{string.Join(" ", scenario.InitialWeights[moved[0]])}], "
                + $"is [{string.Join(" ", final[moved[0]])}].";
    }

    /// <summary>After every step, every flag reads back as last assigned.</summary>
    public static string? FlagsReadBack(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions) =>
        Checked(scenario, run, predictions, FrameworkProfiles.Keras216, FlagsReadBackIn);

    private static string? FlagsReadBackIn(Evidence evidence)
    {
        var (scenario, run, predictions) = evidence;
        // The last pair found to agree (the prediction's dictionary, and the observation whose flags agreed with it): a step
        // that changes no flag usually leaves both as they were (the prediction, and an engine that keeps its last flags),
        // and the same two agree again.
        (ImmutableSortedDictionary<string, bool> Expected, Observation Read)? agreed = null;
        for (var i = 0; i < predictions.Length; i++)
        {
            var (p, step) = (predictions[i], run.Steps[i]);
            if (agreed is { } same && ReferenceEquals(same.Expected, p.Flags) && step.HasTheFlagsOf(same.Read))
            {
                continue;
            }

            var agrees = step.TryGetNodeFlags(out var tree, out var byPosition)
                ? SameFlags(p.Flags, tree, byPosition)
                : SameFlags(p.Flags, step.Flags);
            if (agrees)
            {
                agreed = (p.Flags, step);
                continue;
            }

            if (FlagsDifferAt(scenario, run, p, i) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    // What FlagsReadBack reports after step i, whose flags did not read back in the same order and values.
    private static string? FlagsDifferAt(Scenario scenario, ScenarioRun run, Prediction p, int i)
    {
        var wrong = p.Flags.Where(f => run.Steps[i].Flags.GetValueOrDefault(f.Key, !f.Value) != f.Value).Select(f => f.Key).ToArray();
        return wrong.Length == 0
            ? null
            : $"After step {i} ({scenario.Script[i]}): flags of {Verdict.Names(wrong)} "
                + $"read back {Verdict.Names(wrong.Select(n => $"{n}={Read(run.Steps[i].Flags, n)}"))}, "
                + $"but were last assigned {Verdict.Names(wrong.Select(n => $"{n}={p.Flags[n]}"))}.";
    }

    /// <summary>
    /// Every compile collects the profile's trainable weights as the framework lists them: the same weights, each as
    /// often as <see cref="Prediction.CollectedList"/> holds it (once, except where a framework lists a weight once per
    /// container that holds it); the order is not compared. A compile is refused exactly when the profile refuses it
    /// (PyTorch's optimizer over an empty parameter list).
    /// </summary>
    public static string? CollectedOnce(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions) =>
        Checked(scenario, run, predictions, FrameworkProfiles.Keras216, CollectedOnceIn);

    private static string? CollectedOnceIn(Evidence evidence) => FirstAtAStep(evidence, static (evidence, p, i) =>
        {
            var run = evidence.Run;
            if (p.Collected is null)
            {
                return null;
            }

            if (run.Steps[i].Refused != p.Refused)
            {
                return $"At compile step {i}: the compile {(p.Refused ? "ran" : "was refused")}, "
                    + $"but with {Verdict.Names(p.Collected)} to collect it must {(p.Refused ? "be refused" : "run")}.";
            }

            if (p.CollectedList is { } list && SameCollection(run.Steps[i].Collected, list, p.Collected))
            {
                return null;
            }

            var expected = p.CollectedList ?? [.. p.Collected];
            var collected = run.Steps[i].Collected;
            var counts = expected.CountBy(n => n).ToDictionary(c => c.Key, c => c.Value);
            var wrong = collected.CountBy(n => n).Where(c => counts.GetValueOrDefault(c.Key) != c.Value && counts.ContainsKey(c.Key))
                .Select(c => $"{c.Key}×{c.Value}").Order(StringComparer.Ordinal).ToArray();
            return wrong.Length > 0
                ? $"At compile step {i}: collected {Verdict.Names(wrong)}, but the framework lists "
                    + $"{Verdict.Names(wrong.Select(w => w.Split('×')[0]).Select(n => $"{n}×{counts[n]}"))}."
                : collected.ToHashSet().SetEquals(p.Collected)
                    ? null
                    : $"At compile step {i}: collected {Verdict.Names(collected.Order(StringComparer.Ordinal))}, "
                        + $"but the trainable weights are {Verdict.Names(p.Collected)}.";
        });

    /// <summary>
    /// Every fit warns exactly as predicted — naming the same weights, or for a profile that warns by count
    /// (<see cref="StaleWarning.ByCount"/>) warning at all — and changes what the last compile collected.
    /// </summary>
    public static string? CompileTiming(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions) =>
        Checked(scenario, run, predictions, FrameworkProfiles.Keras216, CompileTimingIn);

    private static string? CompileTimingIn(Evidence evidence) => FirstAtAFit(evidence, static (evidence, fit) =>
        {
            var warning = evidence.Run.Steps[fit.Index].Warning;
            // A warning by count names no weight (TensorFlow.js), so any warning agrees with it; one that names them must name the same.
            if (fit.Prediction.Warning is { NamesWeights: false } ? warning is null : !Equals(warning, fit.Prediction.Warning))
            {
                return $"At step {fit.Index} (fit): warned {warning?.ToString() ?? "nothing"}, "
                    + $"but should warn {fit.Prediction.Warning?.ToString() ?? "nothing"}.";
            }

            if (evidence.ChangedAsPredicted(fit.Index))
            {
                return null;
            }

            var changed = evidence.Changed(fit.Index);
            return changed.SetEquals(fit.Prediction.Moving)
                ? null
                : $"At step {fit.Index} (fit): changed {Verdict.Names(changed)}; "
                    + $"the last compile collected {Verdict.Names(fit.Prediction.Moving)}, "
                    + "and later flag changes must wait for the next compile.";
        });

    /// <summary>
    /// After every fit, each weight the fit trains holds the optimizer's step from the weights before it, as
    /// <see cref="UpdateOracle"/> computes it in double precision, within its stated tolerance. (That the others are
    /// bit-identical is <see cref="Moves"/>.) Trees of dense layers and containers only: a batch normalization's pass
    /// differs by framework and mode, and its scenarios are held to which weights move, not how far.
    /// </summary>
    public static string? Values(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions) =>
        Checked(scenario, run, predictions, FrameworkProfiles.Keras216, ValuesIn);

    /// <summary>
    /// <see cref="Values"/> with the optimizer's formulas and state as <paramref name="profile"/>'s framework computes and keeps
    /// them.
    /// </summary>
    public static Func<Scenario, ScenarioRun, ImmutableArray<Prediction>, string?> ValuesUnder(FrameworkProfile profile) =>
        (scenario, run, predictions) => Checked(scenario, run, predictions, profile, ValuesIn);

    private static string? ValuesIn(Evidence evidence)
    {
        var (scenario, run, predictions) = evidence;
        if (TreeIndex.Of(scenario.Tree).HasBatchNorms)
        {
            return null;
        }

        if (UpdateOracle.FirstMismatch(scenario, run, predictions, evidence.Profile) is not var (update, k))
        {
            return null;
        }

        var after = run.Steps[update.Step].Weights[update.Weight];
        var error = Math.Abs(after[k] - update.Values[k]);
        var before = run.Steps[update.Step - 1].Weights[update.Weight][k];
        var layer = update.Weight.Split('/')[0];
        return $"At step {update.Step} ({scenario.Script[update.Step]}): "
            + $"{update.Weight}[{k}] went from {before:R} to {after[k]:R}, "
            + $"but the step the specification computes gives {update.Values[k]:R} ± {update.Tolerance[k]:G2} "
            + $"(off by {error / Math.Abs(update.Values[k] - before):G3} of the step; "
            + $"∂loss/∂{update.Weight}[{k}] = {update.Gradient[k]:G6}, "
            + $"summed over the {scenario.Tree.UseCounts()[layer]} use(s) of {layer}).";
    }

    /// <summary>
    /// The run has one observation per step, read the initial weights back exactly, and every observation holds the
    /// weights the initial one holds, each with as many values (the contract's "every weight of the tree" after every
    /// step; the checks compare observations weight by weight, so one with a weight missing would otherwise pass where
    /// no check reads that weight).
    /// </summary>
    public static string? Shape(Scenario scenario, ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        if (run.Initial is null || run.Steps.IsDefault)
        {
            return $"The implementation reported {(run.Initial is null ? "no initial weights" : "no observations")}.";
        }

        if (run.Steps.Length != scenario.Script.Length)
        {
            return $"The implementation reported {run.Steps.Length} observations for {scenario.Script.Length} script steps.";
        }

        for (var i = 0; i < run.Steps.Length; i++)
        {
            if (Missing(run.Steps[i]) is { } missing)
            {
                return $"After step {i} ({scenario.Script[i]}) the observation {missing}.";
            }

            // An observation that keeps the last one's weights holds what that one held.
            var weights = run.Steps[i].Weights;
            if ((i == 0 || !ReferenceEquals(weights, run.Steps[i - 1].Weights)) && weights.ShapeDifference(run.Initial) is { } difference)
            {
                return $"After step {i} ({scenario.Script[i]}) the observation {difference}.";
            }
        }

        List<string>? notLoaded = null;
        foreach (var name in TreeIndex.Of(scenario.Tree).WeightNames)
        {
            if (!run.Initial.BitIdentical(scenario.InitialWeights, name))
            {
                (notLoaded ??= []).Add(name);
            }
        }

        return notLoaded is null ? null : $"Initial weights {Verdict.Names(notLoaded)} read back differently from the scenario's.";
    }

    // What an observation lacks that every check reads (a third party's engine may leave a member null or default).
    private static string? Missing(Observation? observation) =>
        observation is null ? "is missing"
        : !observation.TryGetNodeFlags(out _, out _) && observation.Flags is null ? "holds no flags"
        : observation.Collected.IsDefault ? "holds no list of collected weights (an empty one when nothing was collected)"
        : observation.Weights is null ? "holds no weights"
        : null;

    // A check called on its own: the run's shape first, as Failures checks it, so a run that ended early or lost a weight is
    // named as such instead of failing with an index deep inside the check; predictions that are not one per step are the
    // caller's mistake.
    private static string? Checked(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, FrameworkProfile profile, Func<Evidence, string?> check)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        // A script the profile's prediction would have refused (a fit before any compile) is refused here too.
        scenario.Validated();
        if (predictions.IsDefault || predictions.Length != scenario.Script.Length)
        {
            var given = predictions.IsDefault ? "none" : predictions.Length.ToString(CultureInfo.InvariantCulture);
            throw new ArgumentException(
                $"The checks need one prediction per script step ({scenario.Script.Length}), as the profile's Predict(scenario) "
                    + $"gives them, but were given {given}.",
                nameof(predictions));
        }

        return Shape(scenario, run) ?? check(new Evidence(scenario, run, predictions, profile));
    }

    // The first failure check gives after a step, the steps in script order (one prediction each).
    private static string? FirstAtAStep(Evidence evidence, Func<Evidence, Prediction, int, string?> check)
    {
        var (_, _, predictions) = evidence;
        for (var i = 0; i < predictions.Length; i++)
        {
            if (check(evidence, predictions[i], i) is { } failure)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a compile collected exactly what the framework lists, compared as <see cref="CollectedOnce"/> compares
    /// them (each name as often, and the same names as the set), without counting into dictionaries: the same names the
    /// same number of times, and as many distinct names as the set holds, each of them. False says nothing; the check
    /// then counts to say what differs.
    /// </summary>
    private static bool SameCollection(ImmutableArray<string> collected, ImmutableArray<string> expected, ImmutableSortedSet<string> set)
    {
        if (collected.IsDefault || expected.IsDefault || collected.Length != expected.Length)
        {
            return false;
        }

        // As often in both, for every expected name, with as many names in all: the same names the same number of times.
        foreach (var name in expected)
        {
            if (Count(collected, name) != Count(expected, name))
            {
                return false;
            }
        }

        var distinct = 0;
        for (var i = 0; i < collected.Length; i++)
        {
            distinct += collected.IndexOf(collected[i]) == i ? 1 : 0;
        }

        if (distinct != set.Count)
        {
            return false;
        }

        foreach (var name in set)
        {
            if (!collected.Contains(name))
            {
                return false;
            }
        }

        return true;
    }

    private static int Count(ImmutableArray<string> names, string name)
    {
        var count = 0;
        foreach (var other in names)
        {
            count += string.Equals(other, name, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    // The first failure check gives at a fit, the fits in script order; a plain loop, as it runs for every scenario.
    // The profile's prediction throws for a fit before any compile, so a fit here is never step 0.
    private static string? FirstAtAFit(Evidence evidence, Func<Evidence, (int Index, Prediction Prediction), string?> check)
    {
        var (scenario, run, predictions) = evidence;
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            if (scenario.Script[i] is Fit)
            {
                // The observation before is read first, as it always was: a fit at step 0 throws here, not in a check.
                _ = run.Steps[i - 1];
                if (check(evidence, (i, predictions[i])) is { } failure)
                {
                    return failure;
                }
            }
        }

        return null;
    }

    // Whether every expected flag reads back as expected, by one walk over both when they hold the same names in the same
    // (ordinal) order, the usual case; false when they do not, and the check then looks each name up to say what differs.
    private static bool SameFlags(ImmutableSortedDictionary<string, bool> expected, ImmutableSortedDictionary<string, bool> read)
    {
        if (ReferenceEquals(expected, read))
        {
            return true;
        }

        if (expected.Count != read.Count || read.KeyComparer != StringComparer.Ordinal || expected.KeyComparer != StringComparer.Ordinal)
        {
            return false;
        }

        using var other = read.GetEnumerator();
        foreach (var (name, value) in expected)
        {
            if (!other.MoveNext() || !string.Equals(other.Current.Key, name, StringComparison.Ordinal) || other.Current.Value != value)
            {
                return false;
            }
        }

        return true;
    }

    // The same comparison for flags read by node position: the dictionary's keys in order are the tree's node names in
    // the ordinal order of names, which the tree's index keeps. As above, only "the same" is trusted: anything else is
    // compared again by name (FlagsDifferAt), so an error here that finds a difference costs time, one that finds none
    // would hide a failure (NodePositionFlagsAgreementTests).
    private static bool SameFlags(ImmutableSortedDictionary<string, bool> expected, TreeDescription tree, ImmutableArray<bool> read)
    {
        if (expected.Count != read.Length || expected.KeyComparer != StringComparer.Ordinal)
        {
            return false;
        }

        var index = TreeIndex.Of(tree);
        var (names, byName) = (index.Names, index.NodesByName);
        var k = 0;
        foreach (var (name, value) in expected)
        {
            var node = byName[k++];
            if (read[node] != value || !string.Equals(names[node], name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Read(IReadOnlyDictionary<string, bool> flags, string node) =>
        flags.TryGetValue(node, out var value) ? value.ToString() : "(missing)";

    /// <summary>
    /// One run as the checks read it: the scenario, the run, the profile and its predictions, and which weights each fit
    /// changed, compared once however many checks ask.
    /// </summary>
    private sealed class Evidence(Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, FrameworkProfile profile)
    {
        private Dictionary<int, ImmutableSortedSet<string>>? _changed;

        public FrameworkProfile Profile => profile;

        public ScenarioRun Run => run;

        public void Deconstruct(out Scenario scenarioRead, out ScenarioRun runRead, out ImmutableArray<Prediction> predictionsRead) =>
            (scenarioRead, runRead, predictionsRead) = (scenario, run, predictions);

        /// <summary>The weights that differ bit-for-bit between the observations before and after step <paramref name="step"/>.</summary>
        public ImmutableSortedSet<string> Changed(int step)
        {
            _changed ??= [];
            if (!_changed.TryGetValue(step, out var changed))
            {
                changed = run.Steps[step].Weights.ChangedFrom(Before(step));
                _changed.Add(step, changed);
            }

            return changed;
        }

        /// <summary>
        /// Whether the weights that differ bit-for-bit across step <paramref name="step"/> are exactly the predicted
        /// <see cref="Prediction.Moving"/>, name for name: then they are the same set whatever its order, and
        /// <see cref="Changed"/> need not be made. False says nothing; the check then compares the sets themselves.
        /// </summary>
        public bool ChangedAsPredicted(int step) =>
            run.Steps[step].Weights.ChangedExactly(Before(step), predictions[step].Moving);

        /// <summary>Whether every weight after step <paramref name="step"/> is bit-identical to the observation before it.</summary>
        public bool Unchanged(int step) =>
            ReferenceEquals(run.Steps[step].Weights, Before(step)) || run.Steps[step].Weights.ChangedExactly(Before(step), []);

        // The observation before step `step`: the initial one before the first.
        private WeightSet Before(int step) => step == 0 ? run.Initial : run.Steps[step - 1].Weights;
    }
}
