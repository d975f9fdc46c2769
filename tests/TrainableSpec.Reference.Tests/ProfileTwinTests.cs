using System.Collections.Immutable;
using FsCheck.Fluent;
using TrainableSpec.Engine;
using TrainableSpec.Reference.Tests.WrongEngines;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
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
        { "keras-2.1.6", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "keras-3" },
        { "keras-2.1.6", "A_weight_the_profile_never_trains_is_bit_identical", "keras-3" },
        { "keras-2.1.6", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "tf-keras-2" },
        { "keras-2.1.6", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "tfjs-4.22" },
        { "keras-2.1.6", "Every_fit_warns_exactly_as_the_profile_warns", "tf-keras-2" },
        { "keras-2.2", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "tfjs-4.22" },
        { "keras-2.2", "A_weight_the_profile_never_trains_is_bit_identical", "keras-3" },
        { "keras-2.2", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "keras-3" },
        { "keras-2.2", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "tf-keras-2" },
        { "keras-2.2", "Every_fit_warns_exactly_as_the_profile_warns", "tfjs-4.22" },
        { "tf-keras-2", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "keras-3" },
        { "tf-keras-2", "A_weight_the_profile_never_trains_is_bit_identical", "keras-3" },
        { "tf-keras-2", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "keras-2.1.6" },
        { "tf-keras-2", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "keras-2.1.6" },
        { "tf-keras-2", "Every_fit_warns_exactly_as_the_profile_warns", "keras-2.1.6" },
        { "keras-3", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "tf-keras-2" },
        { "keras-3", "A_weight_the_profile_never_trains_is_bit_identical", "or-instead-of-and" },
        { "keras-3", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "tfjs-4.22" },
        { "keras-3", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "tf-keras-2" },
        { "keras-3", "Every_fit_warns_exactly_as_the_profile_warns", "keras-2.2" },
        { "tfjs-4.22", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "keras-2.1.6" },
        { "tfjs-4.22", "A_weight_the_profile_never_trains_is_bit_identical", "keras-3" },
        { "tfjs-4.22", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "tf-keras-2" },
        { "tfjs-4.22", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "keras-2.2" },
        { "tfjs-4.22", "Every_fit_warns_exactly_as_the_profile_warns", "keras-2.1.6" },
        { "tfjs-4.22", "Every_fit_warns_exactly_as_the_profile_warns", "tfjs-warning-by-set" },
        { "pytorch", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "keras-3" },
        { "pytorch", "A_weight_the_profile_never_trains_is_bit_identical", "or-instead-of-and" },
        { "pytorch", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "keras-3" },
        { "pytorch", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "shared-weight-listed-twice" },
        { "pytorch", "Every_fit_warns_exactly_as_the_profile_warns", "keras-2.2" },
        // The distinctive mistake: training a parameter unfrozen after the compile without recompiling.
        { "pytorch-filtered", "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains", "pytorch" },
        { "pytorch-filtered", "A_weight_the_profile_never_trains_is_bit_identical", "or-instead-of-and" },
        { "pytorch-filtered", "Every_flag_reads_back_as_the_profiles_setter_wrote_it", "keras-3" },
        { "pytorch-filtered", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "pytorch" },
        {
            "pytorch-filtered", "Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them", "accepts-an-empty-list"
        },
        { "pytorch-filtered", "Every_fit_warns_exactly_as_the_profile_warns", "keras-2.2" },
        { "keras-2.1.6", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
            "shared-weight-listed-twice" },
        { "keras-2.2", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
            "shared-weight-listed-twice" },
        { "tf-keras-2", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
            "shared-weight-listed-twice" },
        { "keras-3", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
            "shared-weight-listed-twice" },
        { "tfjs-4.22", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
            "tfjs-listing-a-shared-weight-once" },
        { "pytorch", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
            "shared-weight-listed-twice" },
        { "pytorch-filtered", "At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step",
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
            "tfjs-listing-a-shared-weight-once" => WrongRules.TfjsListingSharedWeightOnce,
            "tfjs-warning-by-set" => WrongRules.TfjsWarningBySet,
            "accepts-an-empty-list" => WrongRules.FilteredAcceptingAnEmptyList,
            _ => ReferenceModes.Named(wrongMode).Rule,
        };
        var wrong = new ReferenceImplementation(rule, $"reference {wrongMode}");
        // Act
        // An engine mode without variable flags meets only the operations it offers: it must fail on semantics, not refuse a step.
        var scenarios = rule.OffersVariableFlags ? ProfileProperties.ScenariosFor(profile) : TrainabilityProperties.Scenarios;
        var row = ProfileProperties.Suite.Single(p => p.Name == property);
        var report = PropertyCheck.Run(
            $"{property} ({profileName}) on {wrong.Name}",
            row.Build(new SuiteTarget(wrong, profile) { Scenarios = scenarios }),
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

    [Theory]
    [InlineData("keras-2.1.6")]
    [InlineData("keras-2.2")]
    [InlineData("tf-keras-2")]
    [InlineData("keras-3")]
    [InlineData("tfjs-4.22")]
    [InlineData("pytorch")]
    [InlineData("pytorch-filtered")]
    public void The_movement_property_fails_on_the_profiles_own_mode_restoring_the_first_weights_at_each_compile_and_shrinks(
        string profileName)
    {
        // Arrange: every fit right, from the wrong weights — only the compile moves them.
        var mode = ReferenceModes.Named(profileName);
        var wrong = new ReferenceImplementation(
            WrongRules.RestoresTheFirstWeightsAtEachCompile(mode.Rule),
            $"reference {profileName} restoring at compile",
            mode.Profile.UsesTorchOptimizers);
        var row = ProfileProperties.Suite.Single(
            p => p.Name == "At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains");

        // Act
        var report = PropertyCheck.Run(
            wrong.Name, row.Build(new SuiteTarget(wrong, mode.Profile)), ProfileProperties.Cases, CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(
            report.Passed, $"The {profileName} movement property passed on an engine that moves weights at a compile.");
        Assert.Contains("only a fit changes weights", report.Message, StringComparison.Ordinal);
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(
            counterexample.Tree.Nodes.Length <= 3 && counterexample.Script.Length <= 6,
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
    [InlineData("tfjs-4.22", "tfjs-state-per-weight")]
    [InlineData("pytorch-filtered", "keeps-optimizer-across-compiles")]
    public void The_optimizer_step_property_fails_on_an_engine_whose_optimizer_state_or_steps_differ_and_shrinks(
        string profileName, string wrongMode)
    {
        // Arrange
        var rule = wrongMode switch
        {
            "keeps-moments" => WrongRules.KeepsMomentsAcrossCompiles,
            "tfjs-state-per-weight" => WrongRules.TfjsStatePerWeight,
            "keeps-optimizer-across-compiles" => WrongRules.FilteredKeepingTheOptimizer,
            _ => WrongRules.SharedWeightListedTwice,
        };
        var wrong = new ReferenceImplementation(rule, $"reference {wrongMode}", FrameworkProfiles.Named(profileName).UsesTorchOptimizers);

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

    [Fact]
    public void The_optimizer_step_property_fails_on_an_engine_with_keras_adam_in_pytorch_mode_after_a_freeze_and_unfreeze()
    {
        // Arrange: the engine's PyTorch rule, but Keras' Adam: one iteration count for the optimizer, ε before the correction.
        var profile = FrameworkProfiles.PyTorch;
        var wrong = new ReferenceImplementation(TrainabilityRule.PyTorch, "keras adam", torchOptimizers: false);
        var adam = Arb.From(
            OptimizerProperties.Scenarios.Generator.Where(s => s.Script.OfType<Compile>().First().Optimizer == KerasOptimizer.Adam),
            OptimizerProperties.Scenarios.Shrinker);

        // Act
        var report = PropertyCheck.Run(
            wrong.Name,
            OptimizerProperties.AWeightTheProfileTrainsMovesByTheOptimizersStepWithItsState(profile, wrong, adam),
            ProfileProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert: the smallest failure trains a weight after a fit that skipped it, so its step count is behind.
        Assert.False(report.Passed);
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(counterexample.Tree.Nodes.Length <= 4 && counterexample.Script.Length <= 8, counterexample.ToString());
        Assert.True(SkippedThenTrained(counterexample, profile.Predict(counterexample)), counterexample.ToString());
    }

    [Theory]
    [InlineData("keras-2.1.6", "statistics-always-move")]
    [InlineData("keras-2.2", "tfjs-4.22")]
    [InlineData("tf-keras-2", "keras-2.1.6")]
    [InlineData("keras-3", "tf-keras-2")]
    [InlineData("tfjs-4.22", "keras-3")]
    [InlineData("pytorch", "keras-3")]
    [InlineData("pytorch-filtered", "keras-3")]
    public void The_batch_normalization_property_fails_on_an_engine_that_moves_statistics_otherwise_and_shrinks(
        string profileName, string wrongMode)
    {
        // Arrange
        var rule = wrongMode == "statistics-always-move" ? WrongRules.StatisticsAlwaysMove : ReferenceModes.Named(wrongMode).Rule;
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

    // Whether some weight trains at a fit after an earlier fit that skipped it, so its own step count is behind the fits'
    // (the scenarios' compiles all ask for one optimizer, which PyTorch's profile reuses).
    private static bool SkippedThenTrained(Scenario scenario, ImmutableArray<Prediction> predictions)
    {
        var (fits, steps) = (0, new Dictionary<string, int>());
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            if (scenario.Script[i] is Fit && !predictions[i].Refused)
            {
                if (predictions[i].Moving.Any(w => steps.GetValueOrDefault(w) < fits))
                {
                    return true;
                }

                fits++;
                foreach (var weight in predictions[i].Moving)
                {
                    steps[weight] = steps.GetValueOrDefault(weight) + 1;
                }
            }
        }

        return false;
    }
}
