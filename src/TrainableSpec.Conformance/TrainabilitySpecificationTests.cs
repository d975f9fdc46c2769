using FsCheck;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Properties;
using Xunit;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance;

#pragma warning disable CS1591 // Each test's name is the sentence it checks.

/// <summary>
/// The whole specification of Keras 2.1.6's freezing rule as tests. An implementation derives this class and
/// overrides <see cref="CreateImplementation"/>; every property then runs
/// <see cref="TrainabilityProperties.Cases"/> generated cases against it, and the article's four cases are
/// compared with the accepted snapshots shared by all implementations.
/// </summary>
public abstract class TrainabilitySpecificationTests(ITestOutputHelper output)
{
    /// <summary>The implementation under specification.</summary>
    protected abstract ITrainableImplementation CreateImplementation();

    /// <summary>Whether the implementation reports gradients (<see cref="ITrainableImplementation.Gradients"/>).</summary>
    protected virtual bool SupportsGradients => true;

    /// <summary>Seed and case count; from the environment by default (see <see cref="CheckSettings"/>).</summary>
    protected virtual CheckSettings Settings => CheckSettings.FromEnvironment();

    [Fact]
    public void A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile() =>
        Check(nameof(TrainabilityProperties.AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile), TrainabilityProperties.AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile);

    [Fact]
    public void A_weight_never_trainable_is_bit_identical_after_any_number_of_steps() =>
        Check(nameof(TrainabilityProperties.AWeightNeverTrainableIsBitIdenticalAfterAnyNumberOfSteps), TrainabilityProperties.AWeightNeverTrainableIsBitIdenticalAfterAnyNumberOfSteps);

    [Fact]
    public void Every_flag_reads_back_as_last_assigned_to_its_own_node() =>
        Check(nameof(TrainabilityProperties.EveryFlagReadsBackAsLastAssignedToItsOwnNode), TrainabilityProperties.EveryFlagReadsBackAsLastAssignedToItsOwnNode);

    [Fact]
    public void The_collected_weights_are_the_oracles_trainable_weights_each_once() =>
        Check(nameof(TrainabilityProperties.TheCollectedWeightsAreTheOraclesTrainableWeightsEachOnce), TrainabilityProperties.TheCollectedWeightsAreTheOraclesTrainableWeightsEachOnce);

    [Fact]
    public void A_flag_changed_after_compile_waits_for_the_next_compile_and_the_warning_names_the_weights() =>
        Check(nameof(TrainabilityProperties.AFlagChangedAfterCompileWaitsForTheNextCompileAndTheWarningNamesTheWeights), TrainabilityProperties.AFlagChangedAfterCompileWaitsForTheNextCompileAndTheWarningNamesTheWeights);

    [Fact]
    public void Gradients_agree_with_finite_differences_and_a_shared_weight_gets_the_gradient_of_all_its_uses()
    {
        Assert.True(SupportsGradients, $"{CreateImplementation().Name} does not report gradients, so this property cannot be checked; it is not passed silently.");
        Check(nameof(TrainabilityProperties.GradientsAgreeWithFiniteDifferencesAndASharedWeightGetsTheGradientOfAllItsUses), TrainabilityProperties.GradientsAgreeWithFiniteDifferencesAndASharedWeightGetsTheGradientOfAllItsUses);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void The_article_case_matches_its_accepted_snapshot(bool containerTrainable, bool layerTrainable)
    {
        // Arrange
        var articleCase = new ArticleCase(containerTrainable, layerTrainable);
        var scenario = ArticleExperiment.ScenarioOf(articleCase);

        // Act
        var run = CreateImplementation().Run(scenario);

        // Assert
        Snapshot.Verify($"Article.{articleCase.Name}", ArticleReport.Case(articleCase, run), GetType().Assembly);
    }

    [Fact]
    public void The_article_summary_table_updates_dense_1_only_when_both_flags_are_true()
    {
        // Arrange
        var implementation = CreateImplementation();

        // Act
        var results = ArticleExperiment.Cases.Select(c => (c, implementation.Run(ArticleExperiment.ScenarioOf(c)))).ToArray();

        // Assert
        Snapshot.Verify("Article.summary", ArticleReport.Summary(results), GetType().Assembly);
    }

    private void Check(string name, Func<ITrainableImplementation, Property> property)
    {
        var implementation = CreateImplementation();
        var report = PropertyCheck.Assert($"{name} on {implementation.Name}", property(implementation), TrainabilityProperties.Cases, Settings);
        output.WriteLine(report.Message);
    }
}
