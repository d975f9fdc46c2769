using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Generators;

public sealed class ScenarioShrinkerTests
{
    [Property(MaxTest = 300)]
    public Property Every_shrink_candidate_is_a_valid_scenario_that_is_no_larger()
    {
        return Prop.ForAll(Arb.From(ScenarioGenerators.Scenarios), scenario =>
            ScenarioShrinker.Shrink(scenario).All(candidate =>
                candidate.IsValid
                && candidate.Tree.Nodes.Length <= scenario.Tree.Nodes.Length
                && candidate.Script.Length <= scenario.Script.Length
                && candidate.Data.Count <= scenario.Data.Count
                && !candidate.Equals(scenario)));
    }

    [Fact]
    public void Smaller_trees_remove_calls_and_hoist_containers_dropping_unreachable_nodes()
    {
        var candidates = ScenarioShrinker.SmallerTrees(SharedAcrossContainers).Select(t => t.ToString()).ToArray();

        Assert.Equal(["model[c1[d2] d2]", "model[c1[d1] d2]", "model[d2]", "model[d1 d2 d2]", "model[c1[d1 d2]]"], candidates);
    }

    [Fact]
    public void Shorter_scripts_keep_the_first_compile_and_make_false_flags_true()
    {
        ScriptStep[] script =
        [
            new SetTrainable("d1", false), new SetTrainable("d2", true), new Compile(1f), Fit.Step,
            new SetTrainable("d1", true), Fit.Step,
        ];

        var candidates = ScenarioShrinker.ShorterScripts([.. script]).Select(s => string.Join("; ", s)).ToArray();

        Assert.Equal(
            [
                "d1.trainable=F; d2.trainable=T; compile(sgd 1); fit",
                "d1.trainable=F; d2.trainable=T; compile(sgd 1); fit; d1.trainable=T",
                "d1.trainable=F; d2.trainable=T; compile(sgd 1); fit; fit",
                "d1.trainable=F; d2.trainable=T; compile(sgd 1); d1.trainable=T; fit",
                "d1.trainable=F; compile(sgd 1); fit; d1.trainable=T; fit",
                "d1.trainable=T; d2.trainable=T; compile(sgd 1); fit; d1.trainable=T; fit",
            ],
            candidates);
    }
}
