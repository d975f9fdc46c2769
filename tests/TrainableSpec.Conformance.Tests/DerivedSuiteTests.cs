using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// What an implementation written elsewhere meets when it derives the suite: readable failures, honest skips, completeness.
/// </summary>
public sealed class DerivedSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public void An_engine_that_ignores_container_flags_fails_the_AND_rule_with_a_shrunk_counterexample_and_replay_instructions()
    {
        // Arrange
        var suite = new NaiveEngineSuite(output);

        // Act
        var failure = Assert.Throws<PropertyFailedException>(
            suite.A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile);

        // Assert
        output.WriteLine(failure.Message);
        Assert.Contains("Falsifiable", failure.Message);
        Assert.Contains("Shrunk:", failure.Message);
        Assert.Contains("Replay this failing case alone: TRAINABLESPEC_REPLAY=", failure.Message);
        var counterexample = Assert.IsType<Scenario>(failure.Report.Shrunk[0]);
        Assert.Equal(2, counterexample.Tree.Nodes.Length);
        Assert.Contains(counterexample.Script, s => s is SetTrainable { Node: "model", Value: false });
    }

    [Fact]
    public void The_same_engine_meets_the_shipped_article_snapshots_and_fails_them_with_a_diff()
    {
        var suite = new NaiveEngineSuite(output);

        var failure = Assert.Throws<SnapshotMismatchException>(() => suite.The_article_case_matches_its_accepted_snapshot(false, true));

        Assert.Contains("- dense_1/kernel: unchanged", failure.Message);
        Assert.Contains("+ dense_1/kernel: changed", failure.Message);
        File.Delete(Received(failure));
    }

    [Fact]
    public void A_capability_the_implementation_lacks_is_reported_as_a_skip_with_its_reason_not_as_a_pass()
    {
        var suite = new NoGradientsSuite(output);

        var skip = Assert.Throws<SkipException>(
            suite.Gradients_agree_with_finite_differences_and_a_shared_weight_gets_the_gradient_of_all_its_uses);

        Assert.Contains("SupportsGradients = false", skip.Message);
    }

    [Fact]
    public void An_assembly_that_claims_nothing_claims_the_Keras_2_1_6_suite_alone_and_derives_exactly_that()
    {
        // Arrange: this assembly derives TrainabilitySpecificationTests (NaiveEngineSpecificationTests) and claims nothing.
        var assembly = typeof(SnapshotTests).Assembly;

        // Act, Assert
        Assert.Equal([nameof(TrainabilitySpecificationTests)], ConformanceSuites.Claims(assembly));
        Assert.Equal([nameof(TrainabilitySpecificationTests)], ConformanceSuites.Derived(assembly));
        Assert.Empty(ConformanceSuites.Unmet(assembly));
    }

    [Fact]
    public void The_completeness_check_names_each_claim_not_derived_each_derivation_not_claimed_and_each_claim_of_nothing()
    {
        // Arrange: this assembly derives the Keras 2.1.6 suite only.
        var assembly = typeof(SnapshotTests).Assembly;
        ClaimsConformanceAttribute[] claims =
        [
            new(typeof(ProfileSpecificationTests), "keras-3"),
            new(typeof(ProfileSpecificationTests), "keras-4"),
            new(typeof(string)),
        ];

        // Act
        var unmet = ConformanceSuites.Unmet(assembly, claims);

        // Assert
        Assert.Contains(unmet, u => u.EndsWith(
            "claims ProfileSpecificationTests (keras-3), but no public class derives it.", StringComparison.Ordinal));
        Assert.Contains(unmet, u => u.StartsWith(
            "The claim ProfileSpecificationTests (keras-4) names no suite of this package", StringComparison.Ordinal));
        Assert.Contains(unmet, u => u.StartsWith("The claim String names no suite of this package", StringComparison.Ordinal));
        Assert.Contains(unmet, u => u.EndsWith(
            "derives TrainabilitySpecificationTests without claiming it; add [assembly: ClaimsConformance(...)] for it.",
            StringComparison.Ordinal));
    }

    // The deliberately wrong engine's received file is this test's to remove: a plain test run leaves none behind.
    internal static string Received(SnapshotMismatchException failure)
    {
        var accept = System.Text.RegularExpressions.Regex.Match(failure.Message, "mv '(?<received>[^']+)' '(?<approved>[^']+)'");
        Assert.True(accept.Success, $"The failure names no accept command:{Environment.NewLine}{failure.Message}");
        return accept.Groups["received"].Value;
    }

    // Not public, so xunit does not run it as a suite of its own; the tests above call into it.
    private sealed class NaiveEngineSuite(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        protected override ITrainableImplementation CreateImplementation() => new NaiveEngine(Mistake.IgnoresContainerFlags);

        protected override CheckSettings Settings => CheckSettings.Default;
    }

    private sealed class NoGradientsSuite(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        protected override ITrainableImplementation CreateImplementation() => new NaiveEngine();

        protected override bool SupportsGradients => false;
    }
}
