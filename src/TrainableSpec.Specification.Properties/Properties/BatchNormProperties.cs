using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// Weights that are never trainable but still change: a batch normalization's moving mean and variance. Each
/// profile says when a fit moves them (see the profile oracles); the property holds an implementation to it.
/// </summary>
public static class BatchNormProperties
{
    /// <summary>Scenarios with a batch normalization first in the forward pass, shrinking only to scenarios that keep it there.</summary>
    public static Arbitrary<Scenario> Scenarios { get; } =
        Arb.From(ScenarioGenerators.ScenariosWithBatchNorm, s => ScenarioShrinker.Shrink(s).Where(KeepsBatchNormFirst));

    /// <summary>
    /// At every fit the weights that change — trainable ones and moving statistics alike — are exactly those the
    /// profile moves, so a frozen batch normalization's statistics move exactly when its framework says; at every other
    /// step none changes.
    /// </summary>
    public static Property TheMovingStatisticsMoveExactlyWhenTheProfileSays(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        Prop.ForAll(scenarios ?? Scenarios, scenario =>
        {
            var predictions = profile.Predict(scenario);
            var run = implementation.Run(scenario);
            // Each check checks the run's shape first; the second finds it as the first did, and a shape failure stops at the first.
            var failure = ScenarioChecks.Moves(scenario, run, predictions)
                ?? ScenarioChecks.NeverTrainableIsBitIdentical(scenario, run, predictions);
            var fits = scenario.Script.Select((s, i) => (s, i)).Where(f => f.s is Fit).Select(f => predictions[f.i]).ToArray();
            return Verdict.ToProperty(failure)
                .Classify(fits.Any(f => f.Moving.Contains("bn1/moving_mean")), "statistics moved at some fit")
                .Classify(fits.Any(f => !f.Moving.Contains("bn1/moving_mean")), "statistics held at some fit")
                .Classify(
                    fits.Any(f => f.Moving.Contains("bn1/moving_mean") && !f.Moving.Contains("bn1/beta")),
                    "statistics moved while beta was frozen");
        });

    /// <summary>Whether <c>bn1</c> is still the first layer of the forward pass and used once.</summary>
    public static bool KeepsBatchNormFirst(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var tree = scenario.Tree;
        return tree.Contains("bn1") && tree.ForwardSequence(tree.Root).First() == "bn1" && tree.UseCounts()["bn1"] == 1;
    }
}
