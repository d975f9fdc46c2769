namespace TrainableSpec.Engine.Tests;

public sealed class CompileTimingTests
{
    private static readonly float[][] X = [[0.5f, 0.6f], [0.7f, 0.8f]];
    private static readonly float[][] Y = [[3f, 3f], [3f, 3f]];

    private static (Model Model, Dense First, Dense Second) TwoLayers()
    {
        var session = new Session(5);
        var input = session.Input(2);
        var first = new Dense(2);
        var second = new Dense(2);
        var model = new Model(input, second.Call(first.Call(input)));
        return (model, first, second);
    }

    [Fact]
    public void A_flag_changed_after_compile_takes_effect_only_at_the_next_compile()
    {
        // Arrange
        var (model, first, _) = TwoLayers();
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        first.Trainable = false;
        var before = first.GetWeights()[0];

        // Act
        model.Fit(X, Y);
        var afterStaleFit = first.GetWeights()[0];
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        model.Fit(X, Y);

        // Assert
        Assert.NotEqual(before, afterStaleFit);
        Assert.Equal(afterStaleFit, first.GetWeights()[0]);
    }

    [Fact]
    public void Fit_warns_naming_each_weight_whose_status_changed_since_compile_even_when_the_counts_are_equal()
    {
        // Arrange
        var (model, first, second) = TwoLayers();
        second.Trainable = false;
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        first.Trainable = false;
        second.Trainable = true;

        // Act
        var history = model.Fit(X, Y);

        // Assert
        var warning = Assert.Single(history.Warnings);
        Assert.Equal(["dense_2/kernel", "dense_2/bias"], warning.NowTrainable);
        Assert.Equal(["dense_1/kernel", "dense_1/bias"], warning.NowFrozen);
        Assert.Contains("Call Compile again", warning.ToString());
    }

    [Fact]
    public void Fit_does_not_warn_when_the_flags_still_say_what_was_compiled()
    {
        var (model, _, _) = TwoLayers();
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);

        var history = model.Fit(X, Y, epochs: 2, batchSize: 1);

        Assert.Empty(history.Warnings);
        Assert.Equal(2, history.Losses.Count);
        Assert.True(history.Losses[1] < history.Losses[0]);
    }

    [Fact]
    public void A_layer_called_twice_has_one_set_of_weights_listed_once()
    {
        var session = new Session(1);
        var input = session.Input(2);
        var shared = new Dense(2);
        var model = new Model(input, shared.Call(shared.Call(input)));

        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);

        Assert.Equal(["dense_1/kernel", "dense_1/bias"], model.CollectedTrainableWeights.Select(w => w.Name));
    }

    [Fact]
    public void A_frozen_model_collects_nothing_and_fit_leaves_every_weight_bit_identical()
    {
        var (model, _, _) = TwoLayers();
        model.Trainable = false;
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        var before = model.GetWeights().SelectMany(w => w).Select(BitConverter.SingleToInt32Bits).ToArray();

        model.Fit(X, Y);

        Assert.Empty(model.CollectedTrainableWeights);
        Assert.Equal(before, model.GetWeights().SelectMany(w => w).Select(BitConverter.SingleToInt32Bits));
    }
}
