using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>The PyTorch profile's properties. Each name is the sentence it checks.</summary>
public static class PyTorchProperties
{
    /// <summary>The cases each property runs by default.</summary>
    public const int Cases = 2_000;

    /// <summary>Scenarios with either zero-grad mode, with their shrinker.</summary>
    public static Arbitrary<PyTorchScenario> Scenarios { get; } = Arb.From(PyTorchGenerators.Scenarios, PyTorchShrinker.Shrink);

    /// <summary>Scenarios that set gradients to null, with their shrinker.</summary>
    public static Arbitrary<PyTorchScenario> ScenariosSettingGradientsToNone { get; } =
        Arb.From(
            PyTorchGenerators.ScenariosSettingGradientsToNone,
            s => PyTorchShrinker.Shrink(s).Where(c => c.ZeroGrad == ZeroGradMode.SetToNone));

    /// <summary>
    /// Every parameter's <c>requires_grad</c> reads back as the last <c>requires_grad_</c> call on it or on any module above it.
    /// </summary>
    public static Property RequiresGradReadsBackAsTheLastCallOnTheParameterOrAnyModuleAboveIt(IPyTorchImplementation implementation) =>
        ForAll(Scenarios, implementation, (scenario, run, predictions) =>
            Verdict.FirstOf(predictions.Select((p, i) =>
            {
                var wrong = p.RequiresGrad
                    .Where(f => run.Steps[i].RequiresGrad.GetValueOrDefault(f.Key, !f.Value) != f.Value)
                    .Select(f => f.Key)
                    .ToArray();
                return wrong.Length == 0
                    ? null
                    : $"After step {i} ({scenario.Script[i]}): requires_grad of {Verdict.Names(wrong)} is not what the last call set.";
            })));

    /// <summary>
    /// At each step a parameter moves exactly when its gradient is not null and its update is not zero: it
    /// requires grad, or weight decay applies, or momentum or Adam state is left from earlier steps. Only a training step
    /// moves one: after a <c>requires_grad_</c> call every parameter is bit-identical to the observation before.
    /// </summary>
    public static Property AParameterMovesExactlyWhenItsGradientIsNotNullAndItsUpdateIsNotZero(IPyTorchImplementation implementation) =>
        ForAll(Scenarios, implementation, (scenario, run, predictions) => Moves(scenario, run, predictions));

    /// <summary>
    /// The belief many users hold: a parameter whose <c>requires_grad</c> is false at backward is never moved.
    /// It does not hold in general (stale zeroed gradients with momentum, weight decay or Adam); it holds when
    /// gradients are set to null (<see cref="WithGradientsSetToNoneAParameterWhoseRequiresGradIsFalseAtBackwardIsNeverMoved"/>).
    /// </summary>
    public static Property AParameterWhoseRequiresGradIsFalseAtBackwardIsNeverMoved(IPyTorchImplementation implementation) =>
        ForAll(Scenarios, implementation, (scenario, run, predictions) => FrozenMoved(scenario, run, predictions));

    /// <summary>
    /// With <c>zero_grad(set_to_none=True)</c>, a parameter whose <c>requires_grad</c> is false at backward is never moved.
    /// </summary>
    public static Property WithGradientsSetToNoneAParameterWhoseRequiresGradIsFalseAtBackwardIsNeverMoved(
        IPyTorchImplementation implementation) =>
        ForAll(ScenariosSettingGradientsToNone, implementation, (scenario, run, predictions) => FrozenMoved(scenario, run, predictions));

    /// <summary>
    /// At each step every parameter whose gradient is not null holds the step of torch's optimizer computed by the
    /// specification from the weights before it (<see cref="PyTorchUpdateOracle"/>, which states the formulas and the tolerance).
    /// </summary>
    public static Property AParameterWithAGradientMovesByTorchsOptimizerStep(IPyTorchImplementation implementation) =>
        ForAll(Scenarios, implementation, (scenario, run, _) => Values(scenario, run));

    private static string? Values(PyTorchScenario scenario, PyTorchRun run)
    {
        foreach (var update in PyTorchUpdateOracle.Updates(scenario, run))
        {
            var after = run.Steps[update.Step].Weights[update.Weight];
            if (update.FirstMismatch(after) is { } k)
            {
                return $"At step {update.Step}: {update.Weight}[{k}] is {after[k]:R}, "
                    + $"but {scenario.Optimizer}'s step from the weights before gives "
                    + $"{update.Values[k]:R} ± {update.Tolerance[k]:G2} "
                    + $"(∂loss/∂{update.Weight}[{k}] = {update.Gradient[k]:G6}, zero_grad {scenario.ZeroGrad}).";
            }
        }

        return null;
    }

    private static Property ForAll(
        Arbitrary<PyTorchScenario> scenarios,
        IPyTorchImplementation implementation,
        Func<
            PyTorchScenario,
            PyTorchRun,
            ImmutableArray<(ImmutableSortedDictionary<string, bool> RequiresGrad, ImmutableSortedSet<string> Moving)>,
            string?> check) =>
        Prop.ForAll(scenarios, scenario =>
        {
            var predictions = PyTorchOracle.Predict(scenario);
            var run = implementation.Run(scenario);
            var failure = run.Steps.Length == scenario.Script.Length
                ? check(scenario, run, predictions)
                : $"{run.Steps.Length} observations for {scenario.Script.Length} steps.";
            return Verdict.ToProperty(failure)
                .Classify(scenario.ZeroGrad == ZeroGradMode.Zero, "zeroed gradients")
                .Classify(StaleMoves(scenario, predictions), "a frozen parameter with a stale gradient moves")
                .Collect(scenario.Optimizer.Kind);
        });

    private static string? Moves(
        PyTorchScenario scenario,
        PyTorchRun run,
        ImmutableArray<(ImmutableSortedDictionary<string, bool> RequiresGrad, ImmutableSortedSet<string> Moving)> predictions) =>
        // Every step, not only the training ones: a requires_grad_ call that wrote a parameter would move what every later
        // step is measured from.
        Verdict.FirstOf(Steps(scenario, run).Select(s =>
        {
            var changed = s.After.ChangedFrom(s.Before);
            return changed.SetEquals(predictions[s.Index].Moving) ? null
                : s.Step is TrainStep
                    ? $"At step {s.Index}: moved {Verdict.Names(changed)}, but the rule moves {Verdict.Names(predictions[s.Index].Moving)}."
                    : $"At step {s.Index} ({s.Step}): moved {Verdict.Names(changed)}, but only a training step moves a parameter.";
        }));

    private static string? FrozenMoved(
        PyTorchScenario scenario,
        PyTorchRun run,
        ImmutableArray<(ImmutableSortedDictionary<string, bool> RequiresGrad, ImmutableSortedSet<string> Moving)> predictions) =>
        Verdict.FirstOf(TrainSteps(scenario, run).Select(s =>
        {
            var frozen = predictions[s.Index].RequiresGrad.Where(f => !f.Value).Select(f => f.Key);
            var moved = frozen.Where(w => !s.After.BitIdentical(s.Before, w)).ToArray();
            return moved.Length == 0
                ? null
                : $"At step {s.Index}: {Verdict.Names(moved)} moved although requires_grad was False at backward "
                    + $"({scenario.Optimizer}, zero_grad {scenario.ZeroGrad}).";
        }));

    private static bool StaleMoves(
        PyTorchScenario scenario,
        ImmutableArray<(ImmutableSortedDictionary<string, bool> RequiresGrad, ImmutableSortedSet<string> Moving)> predictions) =>
        predictions.Any(p => p.Moving.Any(w => !p.RequiresGrad[w]));

    private static IEnumerable<(int Index, WeightSet Before, WeightSet After)> TrainSteps(PyTorchScenario scenario, PyTorchRun run) =>
        Steps(scenario, run).Where(s => s.Step is TrainStep).Select(s => (s.Index, s.Before, s.After));

    // Each step with the weights before it (the initial ones before the first) and after it.
    private static IEnumerable<(int Index, TorchStep Step, WeightSet Before, WeightSet After)> Steps(
        PyTorchScenario scenario, PyTorchRun run) =>
        scenario.Script.Select((step, i) => (i, step, i == 0 ? run.Initial : run.Steps[i - 1].Weights, run.Steps[i].Weights));

    /// <summary>The PyTorch suite's table, in README's order (see <see cref="SuiteProperty{TTarget}"/>).</summary>
    public static ImmutableArray<SuiteProperty<IPyTorchImplementation>> Suite { get; } =
    [
        new(
            "Requires_grad reads back as the last call on the parameter or any module above it",
            Capability.PyTorchProfile,
            RequiresGradReadsBackAsTheLastCallOnTheParameterOrAnyModuleAboveIt),
        new(
            "A parameter moves exactly when its gradient is not null and its update is not zero",
            Capability.PyTorchProfile,
            AParameterMovesExactlyWhenItsGradientIsNotNullAndItsUpdateIsNotZero),
        new(
            "A parameter with a gradient moves by torch's optimizer step",
            Capability.PyTorchProfile,
            AParameterWithAGradientMovesByTorchsOptimizerStep),
        new(
            "With gradients set to none, a parameter whose requires_grad is false at backward is never moved",
            Capability.PyTorchProfile,
            WithGradientsSetToNoneAParameterWhoseRequiresGradIsFalseAtBackwardIsNeverMoved),
    ];
}
