using System.Runtime.CompilerServices;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using Xunit;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance;

#pragma warning disable CS1591 // Each test's name is the sentence it checks.

/// <summary>
/// The whole specification of Keras 2.1.6's freezing rule as tests. An implementation derives this class and
/// overrides <see cref="CreateImplementation"/>; every property then runs <see cref="TrainabilityProperties.Cases"/>
/// generated cases against it (or as many as <c>TRAINABLESPEC_MAX_TEST</c> says, from <c>TRAINABLESPEC_SEED</c>),
/// and the article's four cases are compared with the accepted snapshots shared by all implementations; one fit on
/// more samples than any usual default batch must be one step over all of them.
/// Optional capabilities are declared by overriding the <c>Supports…</c> flags; a test whose capability is
/// absent is reported as skipped with the reason, never as passed.
/// </summary>
public abstract class TrainabilitySpecificationTests(ITestOutputHelper output)
{
    /// <summary>
    /// The implementation under specification: a new instance each call. A property calls it once per worker thread
    /// (see <see cref="Settings"/>), so no instance is used by two threads; an implementation whose instances share
    /// state (a process-wide context, a static cache) sets <c>Workers = 1</c> in <see cref="Settings"/>.
    /// </summary>
    protected abstract ITrainableImplementation CreateImplementation();

    /// <summary>Whether the implementation reports gradients (<see cref="ITrainableImplementation.Gradients"/>).</summary>
    protected virtual bool SupportsGradients => true;

    /// <summary>Whether one layer or container instance may be used at several places; when false, generated trees share nothing.</summary>
    protected virtual bool SupportsSharing => true;

    /// <summary>Whether the trainable weights are collected at compile (Keras 2.x); when false, the timing property is skipped.</summary>
    protected virtual bool SupportsCompileTimeCollection => true;

    /// <summary>
    /// Seed, case count, worker threads and shard; from the environment by default (see <see cref="CheckSettings"/>), so the
    /// cases run on every core, each thread with its own <see cref="CreateImplementation"/>. Override with
    /// <c>Workers = 1</c> for an implementation that two instances cannot run side by side.
    /// </summary>
    protected virtual CheckSettings Settings => CheckSettings.FromEnvironment();

    [SkippableFact]
    public virtual void A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile() => Check();

    [SkippableFact]
    public virtual void A_weight_never_trainable_is_bit_identical_after_any_number_of_steps() => Check();

    [SkippableFact]
    public virtual void Every_flag_reads_back_as_last_assigned_to_its_own_node() => Check();

    [SkippableFact]
    public virtual void The_collected_weights_are_the_oracles_trainable_weights_each_once() => Check();

    [SkippableFact]
    public virtual void A_flag_changed_after_compile_waits_for_the_next_compile_and_the_warning_names_the_weights() => Check();

    [SkippableFact]
    public virtual void Gradients_agree_with_finite_differences_and_a_shared_weight_gets_the_gradient_of_all_its_uses() => Check();

    [SkippableFact]
    public virtual void After_every_fit_each_trained_weight_equals_the_step_the_specification_computes() => Check();

    [SkippableFact]
    public virtual void A_layer_shared_by_a_frozen_and_a_trainable_container_trains_through_the_trainable_one()
    {
        Skip.IfNot(
            SupportsSharing,
            $"{GetType().Name} declares SupportsSharing = false: generated trees share nothing, and this case is not checked.");

        // Arrange: model[frozen[d1] open[d1]] — d1 reached through a frozen and a trainable container.
        var tree = new TreeDescription(
            2,
            [
                new DenseDescription("d1", ActivationKind.Linear, UseBias: false),
                new ContainerDescription("frozen", ["d1"]),
                new ContainerDescription("open", ["d1"]),
                new ContainerDescription("model", ["frozen", "open"]),
            ],
            "model");
        var scenario = new Scenario(
            tree,
            new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 1f, 0.01f, 0.02f, 1f })]),
            new TrainingData([[0.5f, 1f]], [[10f, 10f]]),
            [new SetTrainable("frozen", false), new Compile(1e-3f), Fit.Step]);

        // Act
        var run = CreateImplementation().Run(scenario);

        // Assert
        Assert.Equal(["d1/kernel"], run.Steps[1].Collected.ToArray());
        Assert.False(
            run.Steps[2].Weights.BitIdentical(run.Steps[1].Weights, "d1/kernel"),
            "d1 did not move although the path through 'open' is all true.");
        Assert.False(run.Steps[2].Flags["frozen"]);
        Assert.True(run.Steps[2].Flags["d1"]);
    }

    [Fact]
    public virtual void A_fit_is_one_step_over_all_its_samples_even_more_than_any_usual_default_batch() =>
        ManySamplesFit.Check(CreateImplementation(), FrameworkProfiles.Keras216);

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public virtual void The_article_case_matches_its_accepted_snapshot(bool containerTrainable, bool layerTrainable)
    {
        // Arrange
        var articleCase = new ArticleCase(containerTrainable, layerTrainable);
        var scenario = ArticleExperiment.ScenarioOf(articleCase);

        // Act
        var run = CreateImplementation().Run(scenario);

        // Assert
        Snapshot.Verify($"Article.{articleCase.Name}", ArticleReport.Case(articleCase, run), GetType().Assembly, GetType().FullName!);
    }

    [SkippableFact]
    public virtual void The_article_model_with_its_container_used_twice_matches_its_accepted_snapshot()
    {
        Skip.IfNot(SupportsSharing, $"{GetType().Name} declares SupportsSharing = false: a container used twice is not checked.");

        // Arrange
        var scenario = ArticleExperiment.ScenarioWithContainerUsedTwice();

        // Act
        var run = CreateImplementation().Run(scenario);

        // Assert
        Snapshot.Verify("Article.container_used_twice", ArticleReport.ContainerUsedTwice(run), GetType().Assembly, GetType().FullName!);
    }

    [Fact]
    public virtual void The_article_summary_table_updates_dense_1_only_when_both_flags_are_true()
    {
        // Arrange
        var implementation = CreateImplementation();

        // Act
        var results = ArticleExperiment.Cases.Select(c => (c, implementation.Run(ArticleExperiment.ScenarioOf(c)))).ToArray();

        // Assert
        Snapshot.Verify("Article.summary", ArticleReport.Summary(results), GetType().Assembly, GetType().FullName!);
    }

    /// <summary>Runs the row of <see cref="TrainabilityProperties.Suite"/> named as the calling test.</summary>
    private void Check([CallerMemberName] string name = "")
    {
        var row = TrainabilityProperties.Suite.Single(p => p.Name == name);
        if (!Supports(row.Requires))
        {
            throw new SkipException(Capabilities.SkipReason(GetType(), row.Requires));
        }

        // Each thread that runs cases builds its own implementation (Settings.Workers), so none is shared between threads.
        var implementation = CreateImplementation();
        var report = PropertyCheck.Assert(
            $"{name} on {implementation.Name}",
            () => row.Build(new SuiteTarget(CreateImplementation(), FrameworkProfiles.Keras216, SupportsSharing)),
            TrainabilityProperties.Cases,
            Settings.ForProperty(name));
        output.WriteLine(report.Message);
    }

    private bool Supports(Capability capability) => capability switch
    {
        Capability.Gradients => SupportsGradients,
        Capability.CompileTimeCollection => SupportsCompileTimeCollection,
        _ => true,
    };
}
