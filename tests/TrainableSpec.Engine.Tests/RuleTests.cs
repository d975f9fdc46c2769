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
        var (_, layer) = OneLayer(TrainabilityRule.Named(rule));

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
        var (model, layer) = OneLayer(TrainabilityRule.Named(rule));
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

    [Fact]
    public void Every_rule_hook_rejects_a_missing_argument_by_name()
    {
        var rule = TrainabilityRule.Keras216;
        var (model, layer) = OneLayer(rule);
        var bn = new BatchNormalization();

        Assert.Equal("layer", Assert.Throws<ArgumentNullException>(() => rule.Assign(null!, true)).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentNullException>(() => rule.Read(null!)).ParamName);
        Assert.Equal("weight", Assert.Throws<ArgumentNullException>(() => rule.AssignVariable(null!, true)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => rule.Collect(null!)).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => rule.StepWeights(null!, [])).ParamName);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => rule.CollectUpdates(null!)).ParamName);
        Assert.Equal("updates", Assert.Throws<ArgumentNullException>(() => rule.ModeOf(bn, null!)).ParamName);
        Assert.Equal([layer.Weights[0]], rule.Collect(model));
    }

    [Fact]
    public void Under_pytorch_a_refused_fit_runs_the_forward_pass_of_its_first_batch_only()
    {
        // Arrange: nothing requires grad; the batch normalization's running mean moves toward the first sample only.
        var session = new Session(1, TrainabilityRule.PyTorch);
        var input = session.Input(1);
        var bn = new BatchNormalization();
        var model = new Model(input, bn.Call(input));
        model.Trainable = false;
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);

        // Act
        Assert.Throws<NothingTrainableException>(() => model.Fit([[1f], [3f]], [[0f], [0f]], batchSize: 1));

        // Assert
        Assert.Equal(0.01f, bn.GetWeights()[1][0], 6);
    }

    [Fact]
    public void Under_pytorch_filtered_a_compile_with_nothing_requiring_grad_is_refused_and_the_last_compile_stays()
    {
        // Arrange
        var (model, layer) = OneLayer(TrainabilityRule.PyTorchFiltered);
        layer.SetWeights([[1f]]);
        var optimizer = new Sgd(0.1f, momentum: 0.9f);
        model.Compile(optimizer, MeanSquaredError.Instance);
        model.Fit([[1f]], [[0f]]);
        layer.Trainable = false;

        // Act
        var e = Assert.Throws<NothingTrainableException>(() => model.Compile(optimizer, MeanSquaredError.Instance));
        layer.Trainable = true;
        model.Fit([[1f]], [[0f]]);

        // Assert: the first compile's list and the momentum it built go on: v = 0.9·(−0.2) − 0.16 = −0.34, w = 0.46.
        Assert.Contains("Compile on model_1: under pytorch-filtered no weight is trainable", e.Message);
        Assert.Equal([layer.Weights[0]], model.CollectedTrainableWeights);
        Assert.Equal(0.46f, layer.GetWeights()[0][0], 6);
    }

    [Fact]
    public void Under_pytorch_filtered_a_fit_after_compiles_that_were_all_refused_throws_before_the_forward_pass()
    {
        // Arrange
        var session = new Session(1, TrainabilityRule.PyTorchFiltered);
        var input = session.Input(1);
        var bn = new BatchNormalization();
        var model = new Model(input, bn.Call(input));
        model.Trainable = false;
        Assert.Throws<NothingTrainableException>(() => model.Compile(new Sgd(0.1f), MeanSquaredError.Instance));
        model.Trainable = true;

        // Act
        var e = Assert.Throws<NothingTrainableException>(() => model.Fit([[1f]], [[0f]]));

        // Assert: no optimizer was built, so nothing ran, the running mean included.
        Assert.Contains("every compile was refused, so there is no optimizer to step", e.Message);
        Assert.Equal(0f, bn.GetWeights()[1][0]);
    }

    [Fact]
    public void Under_pytorch_filtered_a_parameter_unfrozen_after_compile_waits_and_the_fit_runs_without_moving_anything()
    {
        // Arrange: d1 frozen at compile, so the optimizer holds d2 only; then d1 unfrozen and d2 frozen.
        var session = new Session(1, TrainabilityRule.PyTorchFiltered);
        var input = session.Input(1);
        var (d1, d2) = (new Dense(1, useBias: false), new Dense(1, useBias: false));
        var model = new Model(input, d2.Call(d1.Call(input)));
        d1.Trainable = false;
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        (d1.Trainable, d2.Trainable) = (true, false);
        var before = (d1.GetWeights()[0][0], d2.GetWeights()[0][0]);

        // Act: backward runs (d1 requires grad), but d1 is not in the optimizer and d2 has no gradient.
        model.Fit([[1f]], [[0f]]);

        // Assert
        Assert.Equal(before, (d1.GetWeights()[0][0], d2.GetWeights()[0][0]));
    }

    [Fact]
    public void Keras_2_1_6_collects_updates_at_the_first_fit_after_compile_not_at_compile()
    {
        // Arrange
        var session = new Session(1);
        var input = session.Input(1);
        var bn = new BatchNormalization();
        var model = new Model(input, bn.Call(input));
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        bn.Trainable = false;

        // Act
        model.Fit([[1f], [3f]], [[0f], [0f]], batchSize: 2);
        bn.Trainable = true;
        model.Fit([[1f], [3f]], [[0f], [0f]], batchSize: 2);

        // Assert: frozen at the first fit, so neither fit moved the statistics.
        Assert.Equal(0f, bn.GetWeights()[1][0]);
    }

    [Theory]
    [InlineData("keras-3")]
    [InlineData("tfjs-4.22")]
    [InlineData("pytorch")]
    public void A_layer_creates_its_kernel_and_bias_with_its_own_flag(string rule)
    {
        var session = new Session(1, TrainabilityRule.Named(rule));
        var input = session.Input(1);
        var open = new Dense(1, useBias: true, name: "open");
        var frozen = new Dense(1, useBias: true, name: "frozen") { Trainable = false };
        var model = new Model(input, frozen.Call(open.Call(input)));

        Assert.Equal(["open/kernel", "open/bias"], model.TrainableWeights.Select(w => w.Name));
        Assert.All(frozen.Weights, w => Assert.False(w.Trainable));
    }
}
