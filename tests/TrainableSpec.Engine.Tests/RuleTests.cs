namespace TrainableSpec.Engine.Tests;

/// <summary>What the framework rules do that the generated properties reach only by chance.</summary>
public sealed class RuleTests
{
    private static (Model Model, Dense Layer) OneLayer(TrainabilityRule rule)
    {
        var session = new Session(1, rule);
        var input = session.Input(1);
        var layer = new Dense(1, useBias: false, name: "d1");
        return (new Model(input, layer.Call(input)), layer);
    }

    [Theory]
    [InlineData("keras-2.1.6")]
    [InlineData("keras-2.2")]
    [InlineData("tf-keras-2")]
    public void A_framework_without_variable_flags_refuses_to_assign_one_and_says_to_freeze_the_layer(string rule)
    {
        var (_, layer) = OneLayer(TrainabilityRule.Profiles.Single(r => r.Name == rule));

        var e = Assert.Throws<NotSupportedException>(() => layer.Weights[0].Trainable = false);

        Assert.Contains($"{rule} offers no per-variable trainable flag (d1/kernel); freeze its layer instead.", e.Message);
        Assert.True(layer.Weights[0].Trainable);
    }

    [Theory]
    [InlineData("keras-3")]
    [InlineData("tfjs-4.22")]
    [InlineData("pytorch")]
    public void A_frozen_variable_leaves_the_layers_other_flags_alone_and_stops_training(string rule)
    {
        // Arrange
        var (model, layer) = OneLayer(TrainabilityRule.Profiles.Single(r => r.Name == rule));
        layer.SetWeights([[1f]]);

        // Act
        layer.Weights[0].Trainable = false;
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);

        // Assert
        Assert.Empty(model.TrainableWeights);
        Assert.Equal(rule != "pytorch", model.Trainable);
    }

    [Fact]
    public void Under_tfjs_a_fit_with_nothing_left_to_train_throws_naming_the_model_and_changes_nothing()
    {
        var (model, layer) = OneLayer(TrainabilityRule.Tfjs422);
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        layer.Trainable = false;
        var before = layer.GetWeights()[0];

        var e = Assert.Throws<NothingTrainableException>(() => model.Fit([[1f]], [[2f]]));

        Assert.Contains("under tfjs-4.22 no weight is left to train (1 collected at compile, none of them trainable now)", e.Message);
        Assert.Equal(before, layer.GetWeights()[0]);
    }

    [Fact]
    public void Under_tf_keras_2_a_fit_runs_with_the_compile_time_flags_and_puts_the_current_ones_back()
    {
        var (model, layer) = OneLayer(TrainabilityRule.TfKeras2);
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        model.Trainable = false;
        var before = layer.GetWeights()[0];

        var history = model.Fit([[1f]], [[2f]]);

        Assert.NotEqual(before, layer.GetWeights()[0]);
        Assert.False(layer.Trainable);
        Assert.Empty(history.Warnings);
    }
}
