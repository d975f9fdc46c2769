using TrainableSpec.Engine;
using TrainableSpec.Reference.Tests.WrongEngines;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>
/// Each profile property run against the engine in another framework's mode — the mistake of assuming one
/// framework's rule in another — or, where every other mode happens to satisfy it, against a deliberately wrong
/// rule: it must fail and shrink to a small counterexample.
/// </summary>
public sealed class ProfileTwinTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string> Twins { get; } = new()
    {
        { "keras-2.1.6", nameof(ProfileProperties.AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), "keras-3" },
        { "keras-2.1.6", nameof(ProfileProperties.AWeightTheProfileNeverTrainsIsBitIdentical), "keras-3" },
        { "keras-2.1.6", nameof(ProfileProperties.EveryFlagReadsBackAsTheProfilesSetterWroteIt), "tf-keras-2" },
        { "keras-2.1.6", nameof(ProfileProperties.EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), "tfjs-4.22" },
        { "keras-2.1.6", nameof(ProfileProperties.EveryFitWarnsExactlyAsTheProfileWarns), "tf-keras-2" },
        { "keras-2.2", nameof(ProfileProperties.AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), "tfjs-4.22" },
        { "keras-2.2", nameof(ProfileProperties.AWeightTheProfileNeverTrainsIsBitIdentical), "keras-3" },
        { "keras-2.2", nameof(ProfileProperties.EveryFlagReadsBackAsTheProfilesSetterWroteIt), "keras-3" },
        { "keras-2.2", nameof(ProfileProperties.EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), "tf-keras-2" },
        { "keras-2.2", nameof(ProfileProperties.EveryFitWarnsExactlyAsTheProfileWarns), "tfjs-4.22" },
        { "tf-keras-2", nameof(ProfileProperties.AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), "keras-3" },
        { "tf-keras-2", nameof(ProfileProperties.AWeightTheProfileNeverTrainsIsBitIdentical), "keras-3" },
        { "tf-keras-2", nameof(ProfileProperties.EveryFlagReadsBackAsTheProfilesSetterWroteIt), "keras-2.1.6" },
        { "tf-keras-2", nameof(ProfileProperties.EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), "keras-2.1.6" },
        { "tf-keras-2", nameof(ProfileProperties.EveryFitWarnsExactlyAsTheProfileWarns), "keras-2.1.6" },
        { "keras-3", nameof(ProfileProperties.AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), "tf-keras-2" },
        { "keras-3", nameof(ProfileProperties.AWeightTheProfileNeverTrainsIsBitIdentical), "or-instead-of-and" },
        { "keras-3", nameof(ProfileProperties.EveryFlagReadsBackAsTheProfilesSetterWroteIt), "tfjs-4.22" },
        { "keras-3", nameof(ProfileProperties.EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), "tf-keras-2" },
        { "keras-3", nameof(ProfileProperties.EveryFitWarnsExactlyAsTheProfileWarns), "keras-2.2" },
        { "tfjs-4.22", nameof(ProfileProperties.AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), "keras-2.1.6" },
        { "tfjs-4.22", nameof(ProfileProperties.AWeightTheProfileNeverTrainsIsBitIdentical), "keras-3" },
        { "tfjs-4.22", nameof(ProfileProperties.EveryFlagReadsBackAsTheProfilesSetterWroteIt), "tf-keras-2" },
        { "tfjs-4.22", nameof(ProfileProperties.EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), "keras-2.2" },
        { "tfjs-4.22", nameof(ProfileProperties.EveryFitWarnsExactlyAsTheProfileWarns), "keras-2.1.6" },
        { "pytorch", nameof(ProfileProperties.AtEveryFitTheWeightsThatChangeAreExactlyThoseTheProfileTrains), "keras-3" },
        { "pytorch", nameof(ProfileProperties.AWeightTheProfileNeverTrainsIsBitIdentical), "or-instead-of-and" },
        { "pytorch", nameof(ProfileProperties.EveryFlagReadsBackAsTheProfilesSetterWroteIt), "keras-3" },
        { "pytorch", nameof(ProfileProperties.EveryCompileCollectsTheProfilesTrainableWeightsEachOnce), "shared-weight-listed-twice" },
        { "pytorch", nameof(ProfileProperties.EveryFitWarnsExactlyAsTheProfileWarns), "keras-2.2" },
        { "keras-2.1.6", nameof(ProfileProperties.AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep),
            "shared-weight-listed-twice" },
        { "keras-2.2", nameof(ProfileProperties.AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep),
            "shared-weight-listed-twice" },
        { "tf-keras-2", nameof(ProfileProperties.AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep),
            "shared-weight-listed-twice" },
        { "keras-3", nameof(ProfileProperties.AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep),
            "shared-weight-listed-twice" },
        { "tfjs-4.22", nameof(ProfileProperties.AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep),
            "shared-weight-listed-twice" },
        { "pytorch", nameof(ProfileProperties.AtEveryFitEachWeightTheProfileTrainsMovesByTheOptimizersStep),
            "shared-weight-listed-twice" },
    };

    [Theory]
    [MemberData(nameof(Twins))]
    public void A_profile_property_fails_on_the_engine_in_another_frameworks_mode_and_shrinks(
        string profileName, string property, string wrongMode)
    {
        // Arrange
        var profile = FrameworkProfiles.Named(profileName);
        var rule = wrongMode switch
        {
            "or-instead-of-and" => WrongRules.OrInsteadOfAnd,
            "shared-weight-listed-twice" => WrongRules.SharedWeightListedTwice,
            _ => TrainabilityRule.Named(wrongMode),
        };
        var wrong = new ReferenceImplementation(rule, $"reference {wrongMode}");
        // Act
        // An engine mode without variable flags meets only the operations it offers: it must fail on semantics, not refuse a step.
        var scenarios = rule.OffersVariableFlags ? ProfileProperties.ScenariosFor(profile) : TrainabilityProperties.Scenarios;
        var check = ProfileProperties.All.Single(p => p.Name == property).Property;
        var report = PropertyCheck.Run(
            $"{property} ({profileName}) on {wrong.Name}",
            check(profile, wrong, scenarios),
            ProfileProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed, $"The {profileName} property {property} passed on the engine in {wrongMode} mode.");
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(
            counterexample.Tree.Nodes.Length <= 4 && counterexample.Script.Length <= 8,
            $"The counterexample did not shrink:{Environment.NewLine}{counterexample}");
    }

    [Fact]
    public void The_optimizer_state_property_fails_on_an_engine_that_keeps_updating_weights_it_holds_state_for_and_shrinks()
    {
        // Arrange
        var wrong = new ReferenceImplementation(WrongRules.KeepsUpdatingWeightsWithState, "keeps updating");

        // Act
        var report = PropertyCheck.Run(
            wrong.Name,
            OptimizerProperties.AWeightFrozenAtCompileIsBitIdenticalWhateverTheOptimizerAndItsState(FrameworkProfiles.Keras216, wrong),
            ProfileProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed);
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(counterexample.Tree.Nodes.Length <= 3 && counterexample.Script.Length <= 7, counterexample.ToString());
    }

    [Theory]
    [InlineData("keras-2.1.6", "keeps-moments")]
    [InlineData("keras-2.2", "keeps-moments")]
    [InlineData("tf-keras-2", "shared-weight-listed-twice")]
    [InlineData("keras-3", "shared-weight-listed-twice")]
    public void The_optimizer_step_property_fails_on_an_engine_whose_optimizer_state_or_steps_differ_and_shrinks(
        string profileName, string wrongMode)
    {
        // Arrange
        var rule = wrongMode == "keeps-moments" ? WrongRules.KeepsMomentsAcrossCompiles : WrongRules.SharedWeightListedTwice;
        var wrong = new ReferenceImplementation(rule, $"reference {wrongMode}");

        // Act
        var report = PropertyCheck.Run(
            wrong.Name,
            OptimizerProperties.AWeightTheProfileTrainsMovesByTheOptimizersStepWithItsState(FrameworkProfiles.Named(profileName), wrong),
            ProfileProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed);
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(counterexample.Tree.Nodes.Length <= 4 && counterexample.Script.Length <= 8, counterexample.ToString());
    }

    [Theory]
    [InlineData("keras-2.1.6", "statistics-always-move")]
    [InlineData("keras-2.2", "tfjs-4.22")]
    [InlineData("tf-keras-2", "keras-2.1.6")]
    [InlineData("keras-3", "tf-keras-2")]
    [InlineData("tfjs-4.22", "keras-3")]
    [InlineData("pytorch", "keras-3")]
    public void The_batch_normalization_property_fails_on_an_engine_that_moves_statistics_otherwise_and_shrinks(
        string profileName, string wrongMode)
    {
        // Arrange
        var rule = wrongMode == "statistics-always-move" ? WrongRules.StatisticsAlwaysMove : TrainabilityRule.Named(wrongMode);
        var wrong = new ReferenceImplementation(rule, $"reference {wrongMode}");

        // Act
        var report = PropertyCheck.Run(
            wrong.Name,
            BatchNormProperties.TheMovingStatisticsMoveExactlyWhenTheProfileSays(FrameworkProfiles.Named(profileName), wrong),
            ProfileProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed);
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(BatchNormProperties.KeepsBatchNormFirst(counterexample));
        Assert.True(counterexample.Tree.Nodes.Length <= 4 && counterexample.Script.Length <= 8, counterexample.ToString());
    }
}
