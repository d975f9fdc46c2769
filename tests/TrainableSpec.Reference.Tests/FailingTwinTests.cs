using FsCheck;
using TrainableSpec.Engine;
using TrainableSpec.Reference.Tests.WrongEngines;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Properties;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>
/// Each property run against a deliberately wrong engine: it must fail, and shrink to a small counterexample.
/// A property that passed here would be one that cannot catch the mistake it exists for.
/// </summary>
public sealed class FailingTwinTests(ITestOutputHelper output)
{
    [Fact]
    public void The_AND_rule_property_fails_on_an_engine_that_ORs_the_flags_and_shrinks_to_one_frozen_layer()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile(i),
            new ReferenceImplementation(WrongRules.OrInsteadOfAnd, "or"));

        Assert.Equal(2, counterexample.Tree.Nodes.Length);
    }

    [Fact]
    public void The_AND_rule_property_fails_on_an_engine_that_counts_only_the_nearest_container_and_shrinks_to_one_container()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile(i),
            new ReferenceImplementation(WrongRules.OnlyNearestContainer, "nearest"));

        Assert.Equal(3, counterexample.Tree.Nodes.Length);
        Assert.Equal(1, counterexample.Tree.Depth);
    }

    [Fact]
    public void The_AND_rule_property_fails_on_an_engine_that_restores_the_first_weights_at_each_compile_and_shrinks_to_one_layer()
    {
        // Every fit of this engine trains what it should, by the step it should, from the weights before it: only the
        // compile after a fit moves weights, which no check of a fit sees.
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile(i),
            new ReferenceImplementation(
                WrongRules.RestoresTheFirstWeightsAtEachCompile(TrainabilityRule.Keras216), "restores at compile"),
            "only a fit changes weights");

        Assert.Equal(2, counterexample.Tree.Nodes.Length);
        Assert.IsType<Compile>(counterexample.Script[^1]);
    }

    [Fact]
    public void The_bit_identity_property_fails_on_an_engine_where_a_container_flag_overrides_the_layer_flag()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.AWeightNeverTrainableIsBitIdenticalAfterAnyNumberOfSteps(i),
            new ReferenceImplementation(WrongRules.ContainerFlagOverridesLayerFlag, "container overrides"));

        Assert.Equal(2, counterexample.Tree.Nodes.Length);
    }

    [Fact]
    public void The_independence_property_fails_on_an_engine_whose_container_setter_writes_its_descendants()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.EveryFlagReadsBackAsLastAssignedToItsOwnNode(i),
            WrongImplementations.ContainerSetterWritesDescendants);

        Assert.Equal(2, counterexample.Tree.Nodes.Length);
    }

    [Fact]
    public void The_collected_list_property_fails_on_an_engine_that_lists_a_shared_weight_twice_and_shrinks_to_a_layer_in_two_containers()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.TheCollectedWeightsAreTheOraclesTrainableWeightsEachOnce(i),
            new ReferenceImplementation(WrongRules.SharedWeightListedTwice, "listed twice"));

        // A layer called twice in one container is one of its layers; only two containers list it twice.
        Assert.Equal(3, counterexample.Tree.Nodes.Length);
        Assert.Contains(counterexample.Tree.UseCounts(), u => u.Value == 2);
    }

    [Fact]
    public void The_compile_timing_property_fails_on_an_engine_that_reads_flags_at_fit()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.AFlagChangedAfterCompileWaitsForTheNextCompileAndTheWarningNamesTheWeights(i),
            new ReferenceImplementation(WrongRules.FlagsReadAtFit, "read at fit"));

        Assert.Equal(2, counterexample.Tree.Nodes.Length);
    }

    [Fact]
    public void The_compile_timing_property_fails_on_an_engine_whose_warning_compares_counts_only()
    {
        var counterexample = FailsAndShrinks(
            i => TrainabilityProperties.AFlagChangedAfterCompileWaitsForTheNextCompileAndTheWarningNamesTheWeights(i),
            WrongImplementations.WarningComparesCountsOnly);

        Assert.True(counterexample.Tree.Nodes.Length <= 3, counterexample.ToString());
    }

    [Fact]
    public void The_differential_property_fails_between_the_reference_and_an_engine_that_updates_a_shared_weight_twice()
    {
        var counterexample = FailsAndShrinks(
            wrong => DifferentialProperties.TwoImplementationsChangeTheSameWeightsAndEndWithinTolerance(
                new ReferenceImplementation(), wrong),
            new ReferenceImplementation(WrongRules.SharedWeightListedTwice, "updated twice"));

        Assert.Equal(3, counterexample.Tree.Nodes.Length);
    }

    [Fact]
    public void The_gradient_property_fails_on_an_engine_that_averages_a_shared_weights_gradient_over_its_uses()
    {
        var report = PropertyCheck.Run(
            "averaged",
            TrainabilityProperties.GradientsAgreeWithFiniteDifferencesAndASharedWeightGetsTheGradientOfAllItsUses(
                WrongImplementations.SharedGradientAveraged),
            TrainabilityProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        Assert.False(report.Passed);
        var probe = Assert.IsType<GradientProbe>(report.Shrunk[0]);
        Assert.Equal(2, probe.Tree.Nodes.Length);
    }

    // With a failure, the report must say it: the property fails for the mistake it is shown, not another.
    private Scenario FailsAndShrinks(
        Func<ITrainableImplementation, Property> property, ITrainableImplementation wrong, string? failure = null)
    {
        // Arrange, Act
        var report = PropertyCheck.Run(wrong.Name, property(wrong), TrainabilityProperties.Cases, CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed, $"The property passed on the deliberately wrong engine '{wrong.Name}'.");
        if (failure is not null)
        {
            Assert.Contains(failure, report.Message, StringComparison.Ordinal);
        }

        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(
            counterexample.Script.Length <= 6,
            $"The counterexample did not shrink to a short script:{Environment.NewLine}{counterexample}");
        return counterexample;
    }
}
