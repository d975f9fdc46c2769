using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Oracles;

public sealed class ScriptOracleTests
{
    private static Scenario With(params ScriptStep[] script)
    {
        var tree = new TreeDescription(1, [Dense("d1"), Dense("d2"), Box("model", "d1", "d2")], "model");
        var weights = new WeightSet(tree.WeightNames.Select(n => KeyValuePair.Create(n, new[] { 1f })));
        return new Scenario(tree, weights, new TrainingData([[1f]], [[2f]]), [.. script]);
    }

    [Fact]
    public void A_fit_moves_what_the_last_compile_collected_and_warns_about_a_swap_of_equal_size()
    {
        var predictions = ScriptOracle.Predict(With(
            new SetTrainable("d2", false), new Compile(1f), new SetTrainable("d1", false), new SetTrainable("d2", true), Fit.Step));

        var fit = predictions[^1];
        Assert.Equal(["d1/kernel"], fit.Moving);
        Assert.Equal(new StaleWarning(["d2/kernel"], ["d1/kernel"]), fit.Warning);
        Assert.Equal(
            ImmutableSortedDictionary.CreateRange(
                StringComparer.Ordinal,
                [KeyValuePair.Create("d1", false), KeyValuePair.Create("d2", true), KeyValuePair.Create("model", true)]),
            fit.Flags);
    }

    [Fact]
    public void A_recompile_after_the_change_clears_the_warning()
    {
        var predictions = ScriptOracle.Predict(With(new Compile(1f), new SetTrainable("d1", false), new Compile(1f), Fit.Step));

        Assert.Null(predictions[^1].Warning);
        Assert.Equal(["d2/kernel"], predictions[^1].Moving);
    }

    [Fact]
    public void A_script_that_fits_before_compiling_has_no_prediction()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => ScriptOracle.Predict(With(Fit.Step)));

        Assert.Equal("A fit comes before any compile.", e.Message);
    }

    [Fact]
    public void The_loss_oracle_rejects_a_node_kind_it_does_not_know()
    {
        var tree = new TreeDescription(1, [new OtherNode("x"), Box("model", "x")], "model");

        var e = Assert.Throws<InvalidDescriptionException>(() =>
            LossOracle.Loss(tree, new WeightSet([]), new TrainingData([[1f]], [[1f]])));

        Assert.Equal("Node 'x' is neither a container nor a dense layer.", e.Message);
    }

    private sealed record OtherNode(string Name) : NodeDescription(Name);
}
