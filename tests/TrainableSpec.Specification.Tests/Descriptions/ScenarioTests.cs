using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Descriptions;

public sealed class ScenarioTests
{
    private static readonly TreeDescription Tree = new(2, [Dense("d1"), Box("model", "d1")], "model");

    private static WeightSet Weights(params float[] kernel) => new([KeyValuePair.Create("d1/kernel", kernel)]);

    private static TrainingData Data(params float[][] rows) =>
        new([.. rows.Select(r => r.ToImmutableArray())], [.. rows.Select(r => r.ToImmutableArray())]);

    private static Scenario Valid => new(Tree, Weights(1, 0, 0, 1), Data([0.5f, 0.5f]), [new Compile(0.1f), Fit.Step]);

    [Fact]
    public void A_valid_scenario_passes_validation()
    {
        Assert.True(Valid.IsValid);
    }

    [Fact]
    public void A_script_naming_an_unknown_node_is_rejected_with_the_step()
    {
        var scenario = Valid with { Script = [new SetTrainable("dense_9", false), new Compile(0.1f)] };

        var e = Assert.Throws<InvalidDescriptionException>(() => scenario.Validated());

        Assert.Equal("Script step 0 (dense_9.trainable=F) names 'dense_9', which is not a node of the tree.", e.Message);
    }

    [Fact]
    public void A_fit_before_any_compile_is_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => (Valid with { Script = [Fit.Step] }).Validated());

        Assert.Equal("Script step 0 fits before any compile.", e.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    public void A_learning_rate_that_is_not_positive_and_finite_is_rejected(float rate)
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => (Valid with { Script = [new Compile(rate)] }).Validated());

        Assert.Contains("it must be positive and finite", e.Message);
    }

    [Fact]
    public void Non_finite_data_is_rejected_with_its_position()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => (Valid with { Data = Data([0.5f, float.PositiveInfinity]) }).Validated());

        Assert.Equal("x[0][1] is ∞; data must be finite.", e.Message.Replace("Infinity", "∞"));
    }

    [Fact]
    public void An_empty_batch_is_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => (Valid with { Data = new TrainingData([], []) }).Validated());

        Assert.Contains("empty", e.Message);
    }

    [Fact]
    public void A_sample_of_the_wrong_width_is_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => (Valid with { Data = Data([0.5f]) }).Validated());

        Assert.Equal("x[0] has 1 values, but the tree's width is 2.", e.Message);
    }

    [Fact]
    public void Missing_unknown_wrongly_sized_and_non_finite_weights_are_rejected()
    {
        var missing = Assert.Throws<InvalidDescriptionException>(() => (Valid with { InitialWeights = new WeightSet([]) }).Validated());
        var unknown = Assert.Throws<InvalidDescriptionException>(() =>
            (Valid with { InitialWeights = Weights(1, 0, 0, 1).With("d9/kernel", [1f]) }).Validated());
        var size = Assert.Throws<InvalidDescriptionException>(() => (Valid with { InitialWeights = Weights(1, 0, 0) }).Validated());
        var nan = Assert.Throws<InvalidDescriptionException>(() =>
            (Valid with { InitialWeights = Weights(1, float.NaN, 0, 1) }).Validated());

        Assert.Equal("Weight 'd1/kernel' of the tree has no initial values.", missing.Message);
        Assert.Equal("Weight 'd9/kernel' is not a weight of the tree.", unknown.Message);
        Assert.Equal("Weight 'd1/kernel' has 3 values, but the tree's width 2 needs 4.", size.Message);
        Assert.Equal("Weight 'd1/kernel' value 1 is NaN; weights must be finite.", nan.Message);
    }

    [Fact]
    public void Weight_sets_compare_bit_for_bit_so_negative_zero_differs_from_zero()
    {
        var zero = Weights(0f, 0, 0, 1);
        var negativeZero = Weights(-0f, 0, 0, 1);

        Assert.Equal(["d1/kernel"], negativeZero.ChangedFrom(zero));
        Assert.Empty(zero.ChangedFrom(Weights(0f, 0, 0, 1)));
    }

    [Fact]
    public void A_compile_with_an_optimizer_that_does_not_exist_is_rejected_with_the_step()
    {
        var scenario = Valid with { Script = [new Compile(0.1f, (KerasOptimizer)9), Fit.Step] };

        var e = Assert.Throws<InvalidDescriptionException>(() => scenario.Validated());

        Assert.Contains("Script step 0 asks for optimizer 9, which is not one of Sgd, Momentum, Nesterov, Adam, AdamW.", e.Message);
    }

    [Fact]
    public void A_negative_moving_variance_is_rejected_naming_the_weight()
    {
        var tree = new TreeDescription(2, [new BatchNormDescription("bn1"), Box("model", "bn1")], "model");
        var weights = new WeightSet(
            [
                KeyValuePair.Create("bn1/beta", new[] { 0f, 0f }),
                KeyValuePair.Create("bn1/moving_mean", new[] { 0f, 0f }),
                KeyValuePair.Create("bn1/moving_variance", new[] { 1f, -0.5f }),
            ]);

        var e = Assert.Throws<InvalidDescriptionException>(() =>
            new Scenario(tree, weights, Data([0.5f, 0.5f]), [new Compile(0.1f), Fit.Step]).Validated());

        Assert.Contains("Weight 'bn1/moving_variance' has a negative value -0.5", e.Message);
    }

    [Fact]
    public void A_batch_normalization_has_a_trainable_beta_and_two_statistics()
    {
        var tree = new TreeDescription(2, [new BatchNormDescription("bn1"), Dense("d1"), Box("model", "bn1", "d1")], "model");

        Assert.Equal(["bn1/beta", "bn1/moving_mean", "bn1/moving_variance", "d1/kernel"], tree.WeightNames);
        Assert.Equal(["bn1/beta"], TreeDescription.TrainableWeightNamesOf(tree["bn1"]));
        Assert.Equal("model[bn1(bn) d1]", tree.ToString());
    }
}
