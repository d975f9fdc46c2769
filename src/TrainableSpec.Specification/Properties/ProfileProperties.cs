using System.Collections.Immutable;
using FsCheck;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// The same properties for any profile: each compares an implementation's run with what
/// <see cref="FrameworkProfile.Predict"/> says the framework does at every step of a generated script.
/// </summary>
public static class ProfileProperties
{
    /// <summary>The cases each property runs by default for each profile.</summary>
    public const int Cases = 500;

    /// <summary>1. At every fit, the weights that change are exactly those the profile trains, and a fit is refused exactly when the profile refuses it.</summary>
    public static Property AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains(FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.Moves, scenarios, profile);

    /// <summary>2. A weight the profile never trains is bit-for-bit identical after any number of steps.</summary>
    public static Property AWeightTheProfileNeverTrainsIsBitIdentical(FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.NeverTrainableIsBitIdentical, scenarios, profile);

    /// <summary>3. After every step every flag reads back as the profile's setter wrote it.</summary>
    public static Property EveryFlagReadsBackAsTheProfilesSetterWroteIt(FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.FlagsReadBack, scenarios, profile);

    /// <summary>4. Every compile collects the profile's trainable weights, each once.</summary>
    public static Property EveryCompileCollectsTheProfilesTrainableWeightsEachOnce(FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.CollectedOnce, scenarios, profile);

    /// <summary>5. Every fit warns exactly when and as the profile warns, and changes what the profile trains then.</summary>
    public static Property EveryFitWarnsExactlyAsTheProfileWarns(FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        TrainabilityProperties.ForAllScenarios(implementation, ScenarioChecks.CompileTiming, scenarios, profile);

    /// <summary>All five, by name.</summary>
    public static ImmutableArray<(string Name, Func<FrameworkProfile, ITrainableImplementation, Property> Property)> All { get; } =
    [
        (nameof(AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), (p, i) => AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains(p, i)),
        (nameof(AWeightTheProfileNeverTrainsIsBitIdentical), (p, i) => AWeightTheProfileNeverTrainsIsBitIdentical(p, i)),
        (nameof(EveryFlagReadsBackAsTheProfilesSetterWroteIt), (p, i) => EveryFlagReadsBackAsTheProfilesSetterWroteIt(p, i)),
        (nameof(EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), (p, i) => EveryCompileCollectsTheProfilesTrainableWeightsEachOnce(p, i)),
        (nameof(EveryFitWarnsExactlyAsTheProfileWarns), (p, i) => EveryFitWarnsExactlyAsTheProfileWarns(p, i)),
    ];
}
