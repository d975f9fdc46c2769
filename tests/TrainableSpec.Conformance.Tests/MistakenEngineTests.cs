using System.Reflection;
using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// Engines that train wrongly in ways the suite once let pass, each caught by a property that needs no gradients,
/// within the first 100 cases, with a small counterexample: the strength a quick local run or a mutation run has. One
/// mistake no generated case can show (fitting in batches of 32, with at most five samples) is caught by the fit on
/// many samples instead.
/// </summary>
public sealed class MistakenEngineTests(ITestOutputHelper output)
{
    private const string Changes =
        nameof(TrainabilitySpecificationTests.A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile);

    private const string NeverTrainable =
        nameof(TrainabilitySpecificationTests.A_weight_never_trainable_is_bit_identical_after_any_number_of_steps);

    private const string Values =
        nameof(TrainabilitySpecificationTests.After_every_fit_each_trained_weight_equals_the_step_the_specification_computes);

    public static TheoryData<Mistake, string> Mistakes { get; } = new()
    {
        { Mistake.IgnoresContainerFlags, Changes },
        { Mistake.IgnoresContainerFlagsBelowDepthOne, Changes },
        { Mistake.StepsOncePerUse, Values },
        { Mistake.NeverUpdatesBiases, Changes },
        { Mistake.DecaysEveryWeight, NeverTrainable },
        { Mistake.MovesFrozenWeightsAtATinyRate, NeverTrainable },
        { Mistake.TakesASharedGradientFromOneUse, Values },
        { Mistake.LeavesAFrozenLayersBiasTrainable, Changes },
        { Mistake.RestoresTheInitialWeightsAtEachCompile, Changes },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistaken_engine_fails_within_100_cases_without_the_gradient_property_and_shrinks_to_a_small_tree(
        Mistake mistake, string test)
    {
        // Arrange
        var suite = new Suite(mistake, output);
        var run = (Action)typeof(TrainabilitySpecificationTests).GetMethod(test)!.CreateDelegate(typeof(Action), suite);

        // Act
        var failure = Assert.Throws<PropertyFailedException>(run);

        // Assert
        output.WriteLine(failure.Message);
        var counterexample = Assert.IsType<Scenario>(failure.Report.Shrunk[0]);
        Assert.True(
            counterexample.Tree.Nodes.Length <= 5,
            $"The counterexample did not shrink to a small tree:{Environment.NewLine}{counterexample}");
    }

    [Theory]
    [InlineData(Mistake.StepsOncePerUse)]
    [InlineData(Mistake.TakesASharedGradientFromOneUse)]
    public void An_engine_that_miscounts_the_uses_of_a_shared_weight_fails_the_snapshot_of_the_container_used_twice(Mistake mistake)
    {
        var suite = new Suite(mistake, output);

        var failure = Assert.Throws<SnapshotMismatchException>(
            suite.The_article_model_with_its_container_used_twice_matches_its_accepted_snapshot);

        Assert.Contains("+ verdict: NOT the specification's step at dense_1/kernel[0]", failure.Message);
        File.Delete(DerivedSuiteTests.Received(failure));
    }

    [Fact]
    public void An_engine_that_fits_in_batches_of_32_passes_every_generated_property_but_fails_the_fit_on_many_samples()
    {
        // Arrange: generated scenarios have at most five samples, where a batch of 32 is the whole batch.
        var suite = new Suite(Mistake.FitsInBatchesOf32, output);

        // Act: every property that needs no gradients (the suite declares none), 100 cases each.
        suite.A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile();
        suite.A_weight_never_trainable_is_bit_identical_after_any_number_of_steps();
        suite.Every_flag_reads_back_as_last_assigned_to_its_own_node();
        suite.The_collected_weights_are_the_oracles_trainable_weights_each_once();
        suite.A_flag_changed_after_compile_waits_for_the_next_compile_and_the_warning_names_the_weights();
        suite.After_every_fit_each_trained_weight_equals_the_step_the_specification_computes();
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(
            suite.A_fit_is_one_step_over_all_its_samples_even_more_than_any_usual_default_batch);

        // Assert
        output.WriteLine(failure.Message);
        Assert.Contains("One fit on 257 samples must be one step over all of them:", failure.Message);
        Assert.Contains("Values: At step 1 (fit): ", failure.Message);
        Assert.Contains("but the step the specification computes gives", failure.Message);
    }

    // Not public, so xunit does not run it as a suite of its own; the tests above call into it.
    private sealed class Suite(Mistake mistake, ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        protected override ITrainableImplementation CreateImplementation() => new NaiveEngine(mistake);

        protected override bool SupportsGradients => false;

        protected override CheckSettings Settings => CheckSettings.Default with { MaxTest = 100 };
    }
}
