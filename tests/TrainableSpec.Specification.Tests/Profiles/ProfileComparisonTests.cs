using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Tests.Profiles;

public sealed class ProfileComparisonTests
{
    [Fact]
    public void Two_profiles_that_train_differently_are_told_apart_at_the_first_fit_that_differs()
    {
        var scenario = MatrixScenarios.All.Single(s => s.Name == "container frozen, then layer unfrozen").Scenario;

        Assert.Equal(
            "At step 3 (fit): keras-2.1.6 trains nothing, keras-3 trains d1.",
            ProfileComparison.Disagreement(FrameworkProfiles.Keras216, FrameworkProfiles.Keras3, scenario));
        Assert.Null(ProfileComparison.Disagreement(FrameworkProfiles.Keras216, FrameworkProfiles.Keras22, scenario));
    }

    [Fact]
    public void The_pairs_are_the_twenty_one_pairs_of_seven_profiles() =>
        Assert.Equal(21, ProfileComparison.Pairs.Length);

    [Fact]
    public void The_script_classes_are_the_three_each_checked_below() =>
        Assert.Equal<ScriptClass>(
            [ScriptClass.EveryNodeTopDown, ScriptClass.ModelAndLayersTopDown, ScriptClass.LayersOnly],
            ScriptClass.All);

    [Property(MaxTest = 200)]
    public Property Every_generated_scenario_of_every_node_top_down_belongs_to_it_and_every_shrink_stays_in_it()
    {
        return BelongsAndShrinksWithin(ScriptClass.EveryNodeTopDown);
    }

    [Property(MaxTest = 200)]
    public Property Every_generated_scenario_of_model_and_layers_only_belongs_to_it_and_every_shrink_stays_in_it()
    {
        return BelongsAndShrinksWithin(ScriptClass.ModelAndLayersTopDown);
    }

    [Property(MaxTest = 200)]
    public Property Every_generated_scenario_of_layers_only_belongs_to_it_and_every_shrink_stays_in_it()
    {
        return BelongsAndShrinksWithin(ScriptClass.LayersOnly);
    }

    [Fact]
    public void A_script_that_assigns_a_node_before_its_container_is_not_top_down()
    {
        var tree = new TreeDescription(1, [Trees.Dense("d1"), Trees.Box("c1", "d1"), Trees.Box("model", "c1")], "model");
        var weights = new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 1f })]);
        Scenario With(params ScriptStep[] script) => new(tree, weights, new TrainingData([[1f]], [[2f]]), [.. script]);

        Assert.True(ScriptClass.EveryNodeTopDown.Contains(
            With(new SetTrainable("model", true), new SetTrainable("c1", true), new SetTrainable("d1", true), new Compile(1f), Fit.Step)));
        Assert.False(ScriptClass.EveryNodeTopDown.Contains(
            With(new SetTrainable("d1", true), new SetTrainable("c1", true), new SetTrainable("model", true), new Compile(1f), Fit.Step)));
        Assert.False(
            ScriptClass.EveryNodeTopDown.Contains(With(
                new SetTrainable("model", true), new SetTrainable("c1", false), new SetTrainable("d1", true), new Compile(1f), Fit.Step)),
            "Nothing is left to train.");
        Assert.False(ScriptClass.LayersOnly.Contains(
            With(new SetTrainable("model", true), new SetTrainable("d1", true), new Compile(1f), Fit.Step)));
    }

    private static Property BelongsAndShrinksWithin(ScriptClass scriptClass)
    {
        return Prop.ForAll(ProfileComparison.ScenariosOf(scriptClass), scenario =>
            scriptClass.Contains(scenario) && ProfileComparison.ScenariosOf(scriptClass).Shrinker(scenario).All(scriptClass.Contains));
    }
}
