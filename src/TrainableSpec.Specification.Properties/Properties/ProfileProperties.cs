using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// The same properties for any profile: each compares an implementation's run with what
/// <see cref="FrameworkProfile.Predict"/> says the framework does at every step of a generated script.
/// </summary>
public static class ProfileProperties
{
    /// <summary>The cases each property runs by default for each profile.</summary>
    public const int Cases = 2_000;

    /// <summary>
    /// Generated scenarios with the operations <paramref name="profile"/> offers (variables' flags too where it has them).
    /// </summary>
    public static Arbitrary<Scenario> ScenariosFor(FrameworkProfile profile, bool sharing = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Arb.From(ScenarioGenerators.ScenariosWith(sharing, profile.OffersVariableFlags), ScenarioShrinker.Shrink);
    }

    /// <summary>
    /// Scenarios with any numbers (see <see cref="TrainabilityProperties.ScenariosWithAnyNumbers"/>) and the operations
    /// <paramref name="profile"/> offers.
    /// </summary>
    public static Arbitrary<Scenario> ScenariosWithAnyNumbersFor(FrameworkProfile profile, bool sharing = true)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return Arb.From(ScenarioGenerators.ScenariosWithAnyNumbers(sharing, profile.OffersVariableFlags), ScenarioShrinker.Shrink);
    }

    /// <summary>
    /// 1. At every fit, the weights that change are exactly those the profile trains, and a fit is refused exactly when the
    /// profile refuses it; at every other step no weight changes (only a fit trains, under every profile).
    /// </summary>
    public static Property AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.Moves, scenarios ?? ScenariosFor(profile), profile);

    /// <summary>
    /// 2. A weight the profile never trains is bit-for-bit identical after any number of steps, whatever the numbers
    /// (<see cref="ScenariosWithAnyNumbersFor"/> by default).
    /// </summary>
    public static Property AWeightTheProfileNeverTrainsIsBitIdentical(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(
            implementation, ScenarioChecks.NeverTrainableIsBitIdentical, scenarios ?? ScenariosWithAnyNumbersFor(profile), profile);

    /// <summary>3. After every step every flag reads back as the profile's setter wrote it.</summary>
    public static Property EveryFlagReadsBackAsTheProfilesSetterWroteIt(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.FlagsReadBack, scenarios ?? ScenariosFor(profile), profile);

    /// <summary>
    /// 4. Every compile collects the profile's trainable weights, as the framework lists them, and is refused exactly when
    /// the profile refuses it (<c>pytorch-filtered</c>: an optimizer over an empty parameter list).
    /// </summary>
    public static Property EveryCompileCollectsTheProfilesTrainableWeightsAsTheFrameworkListsThem(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.CollectedOnce, scenarios ?? ScenariosFor(profile), profile);

    /// <summary>5. Every fit warns exactly when and as the profile warns, and changes what the profile trains then.</summary>
    public static Property EveryFitWarnsExactlyAsTheProfileWarns(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.CompileTiming, scenarios ?? ScenariosFor(profile), profile);

    /// <summary>
    /// 6. At every fit, each weight the profile trains holds the optimizer's step computed by the specification
    /// (<see cref="Oracles.UpdateOracle"/>).
    /// </summary>
    public static Property AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(
            implementation, ScenarioChecks.ValuesUnder(profile), scenarios ?? ScenariosFor(profile), profile);

    /// <summary>
    /// The profile suite's table, in README's order (see <see cref="SuiteProperty{TTarget}"/>): the six properties of
    /// the rule and the values, then the optimizer-state and batch-normalization properties.
    /// </summary>
    public static ImmutableArray<SuiteProperty<SuiteTarget>> Suite { get; } =
    [
        new(
            "At every fit, the weights that change are exactly those the profile trains",
            Capability.None,
            t => AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains(t.Profile, t.Implementation, ScenariosOf(t))),
        new(
            "A weight the profile never trains is bit-identical",
            Capability.None,
            t => AWeightTheProfileNeverTrainsIsBitIdentical(
                t.Profile, t.Implementation, t.Scenarios ?? ScenariosWithAnyNumbersFor(t.Profile, t.SupportsSharing))),
        new(
            "At every fit, each weight the profile trains moves by the optimizer's step",
            Capability.None,
            t => AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep(t.Profile, t.Implementation, ScenariosOf(t))),
        new(
            "Every flag reads back as the profile's setter wrote it",
            Capability.None,
            t => EveryFlagReadsBackAsTheProfilesSetterWroteIt(t.Profile, t.Implementation, ScenariosOf(t))),
        new(
            "Every compile collects the profile's trainable weights, as the framework lists them",
            Capability.None,
            t => EveryCompileCollectsTheProfilesTrainableWeightsAsTheFrameworkListsThem(t.Profile, t.Implementation, ScenariosOf(t))),
        new(
            "Every fit warns exactly as the profile warns",
            Capability.None,
            t => EveryFitWarnsExactlyAsTheProfileWarns(t.Profile, t.Implementation, ScenariosOf(t))),
        new(
            "A weight frozen at compile is bit-identical, whatever the optimizer and its state",
            Capability.StatefulOptimizers,
            t => OptimizerProperties.AWeightFrozenAtCompileIsBitIdenticalWhateverTheOptimizerAndItsState(
                t.Profile, t.Implementation, t.Scenarios)),
        new(
            "A weight the profile trains moves by the optimizer's step, with its state",
            Capability.StatefulOptimizers,
            t => OptimizerProperties.AWeightTheProfileTrainsMovesByTheOptimizersStepWithItsState(
                t.Profile, t.Implementation, t.Scenarios)),
        new(
            "A batch normalization's moving statistics move exactly when the profile says",
            Capability.BatchNormalization,
            t => BatchNormProperties.TheMovingStatisticsMoveExactlyWhenTheProfileSays(t.Profile, t.Implementation, t.Scenarios)),
    ];

    private static Arbitrary<Scenario> ScenariosOf(SuiteTarget target) =>
        target.Scenarios ?? ScenariosFor(target.Profile, target.SupportsSharing);
}
