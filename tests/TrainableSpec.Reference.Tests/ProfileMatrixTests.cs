using TrainableSpec.Conformance;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>The profile matrix is pinned as a snapshot, and the reference engine in each mode reproduces every cell of it.</summary>
public sealed class ProfileMatrixTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cells { get; } = CellsOf();

    [Fact]
    public void The_profile_matrix_matches_its_accepted_snapshot()
    {
        // Act
        var matrix = ProfileMatrix.Render(CheckSettings.Default);

        // Assert
        Snapshot.Verify("Profiles.matrix", matrix, GetType().Assembly);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void The_reference_engine_in_each_mode_does_what_the_matrix_says(string mode, string scenarioName)
    {
        // Arrange
        var (profile, implementation) = (ReferenceModes.Named(mode).Profile, ReferenceModes.Named(mode).Implementation());
        var scenario = ScenarioNamed(scenarioName);

        // Act
        var run = implementation.Run(scenario);

        // Assert
        Assert.Empty(ScenarioChecks.Failures(scenario, run, profile));
    }

    [Fact]
    public void Keras_2_1_6_and_tfjs_train_alike_on_scripts_that_set_every_node_once_top_down_before_compiling()
    {
        // Act
        var report = PropertyCheck.Run(
            "keras-2.1.6 / tfjs-4.22",
            ProfileComparison.TwoProfilesTrainAlike(
                FrameworkProfiles.Keras216, FrameworkProfiles.Tfjs422, ProfileComparison.ScenariosOf(ScriptClass.EveryNodeTopDown)),
            ProfileMatrix.CasesPerSearch,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.True(report.Passed, report.Message);
    }

    [Fact]
    public void Keras_2_1_6_and_keras_3_disagree_on_such_scripts_and_the_smallest_is_a_frozen_container_around_an_open_layer()
    {
        // Act
        var report = PropertyCheck.Run(
            "keras-2.1.6 / keras-3",
            ProfileComparison.TwoProfilesTrainAlike(
                FrameworkProfiles.Keras216, FrameworkProfiles.Keras3, ProfileComparison.ScenariosOf(ScriptClass.EveryNodeTopDown)),
            ProfileMatrix.CasesPerSearch,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed);
        var counterexample = Assert.IsType<Scenario>(report.Shrunk[0]);
        Assert.True(ScriptClass.EveryNodeTopDown.Contains(counterexample), "The shrinker left the class.");
        Assert.True(counterexample.Tree.Nodes.Length <= 4, counterexample.ToString());
        Assert.Contains(
            counterexample.Script,
            s => s is SetTrainable { Value: false } set
                && counterexample.Tree[set.Node] is ContainerDescription
                && set.Node != counterexample.Tree.Root);
    }

    private static TheoryData<string, string> CellsOf()
    {
        var data = new TheoryData<string, string>();
        foreach (var profile in ReferenceModes.All.Select(m => m.Profile))
        {
            foreach (var name in MatrixScenarios.All
                .Where(s => profile.Offers(s.Scenario))
                .Select(s => s.Name)
                .Concat(ArticleExperiment.Cases.Select(c => c.Name)))
            {
                data.Add(profile.Name, name);
            }
        }

        return data;
    }

    private static Scenario ScenarioNamed(string name) =>
        MatrixScenarios.All.FirstOrDefault(s => s.Name == name)?.Scenario
        ?? ArticleExperiment.ScenarioOf(ArticleExperiment.Cases.Single(c => c.Name == name));
}
