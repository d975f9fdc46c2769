namespace TrainableSpec.Engine.Tests;

/// <summary>Details of the engine's contract that the property tests do not reach: argument checks, names, batching, messages.</summary>
public sealed class EngineContractTests
{
    private static (Model Model, Dense Dense, Tensor Input) OneLayer(int width = 3)
    {
        var session = new Session(1);
        var input = session.Input(width);
        var dense = new Dense(width);
        return (new Model(input, dense.Call(input)), dense, input);
    }

    [Fact]
    public void Missing_or_non_positive_arguments_are_rejected_before_anything_runs()
    {
        var (model, dense, _) = OneLayer();

        Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Session(1).Input(0));
        Assert.Throws<ArgumentNullException>(() => dense.Call(null!));
        Assert.Throws<ArgumentNullException>(() => dense.SetWeights(null!));
        Assert.Throws<ArgumentNullException>(() => model.Compile(null!, MeanSquaredError.Instance));
        Assert.Throws<ArgumentNullException>(() => model.Compile(new Sgd(1f), null!));
        model.Compile(new Sgd(1f), MeanSquaredError.Instance);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit([[1f, 1f, 1f]], [[1f, 1f, 1f]], epochs: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Fit([[1f, 1f, 1f]], [[1f, 1f, 1f]], batchSize: 0));
    }

    [Fact]
    public void Every_data_error_names_the_operation_that_met_it()
    {
        var (model, dense, _) = OneLayer();
        model.Compile(new Sgd(1f), MeanSquaredError.Instance);

        Assert.StartsWith("Predict on model_1:", Assert.Throws<InvalidDataException>(() => model.Predict([])).Message);
        Assert.StartsWith("Evaluate on model_1:", Assert.Throws<InvalidDataException>(() => model.Evaluate([], [])).Message);
        Assert.StartsWith("Gradients on model_1:", Assert.Throws<InvalidDataException>(() => model.Gradients([], [])).Message);
        Assert.StartsWith("Fit on model_1:", Assert.Throws<InvalidDataException>(() => model.Fit([], [])).Message);
        Assert.StartsWith(
            "SetWeights on dense_1:", Assert.Throws<ShapeMismatchException>(() => dense.SetWeights([new float[2], new float[3]])).Message);
    }

    [Fact]
    public void Unnamed_inputs_and_containers_are_named_per_session_and_given_names_are_kept()
    {
        var session = new Session(1);
        var pixels = session.Input(3, "pixels");
        var second = session.Input(3);
        var container = new Container(second, new Dense(3).Call(second));

        Assert.Equal("pixels", pixels.Producer.Name);
        Assert.Equal("input_1", second.Producer.Name);
        Assert.Equal("container_1", container.Name);
    }

    [Fact]
    public void A_layer_called_again_keeps_its_weights_instead_of_building_new_ones()
    {
        var (_, dense, input) = OneLayer();
        var kernel = dense.Weights[0];

        dense.Call(dense.Call(input));

        Assert.Same(kernel, dense.Weights[0]);
    }

    [Fact]
    public void Fit_takes_one_step_per_batch_including_a_last_shorter_batch_and_reports_the_mean_batch_loss()
    {
        // Arrange: five samples in batches of two make three steps; a tiny rate leaves the loss unchanged meanwhile.
        var (model, dense, _) = OneLayer(width: 1);
        dense.SetWeights([[1f], [0f]]);
        float[][] x = [[1f], [2f], [3f], [4f], [5f]];
        float[][] y = [[0f], [0f], [0f], [0f], [6f]];
        model.Compile(new Sgd(1e-30f), MeanSquaredError.Instance);

        // Act
        var history = model.Fit(x, y, batchSize: 2);

        // Assert: batch losses 2.5, 12.5 and 1; their mean 16/3.
        Assert.Equal(16f / 3f, Assert.Single(history.Losses), 5);
    }

    [Fact]
    public void Glorot_uniform_draws_both_signs_within_the_limit_for_its_fan()
    {
        var session = new Session(9);
        var input = session.Input(2);
        var dense = new Dense(8);
        dense.Call(input);

        var values = dense.GetWeights()[0];

        var limit = MathF.Sqrt(6f / 10f);
        Assert.All(values, v => Assert.InRange(v, -limit, limit));
        Assert.Contains(values, v => v > limit / 2);
        Assert.Contains(values, v => v < -limit / 2);
    }

    [Fact]
    public void The_stale_weights_warning_reads_as_a_sentence_naming_both_lists()
    {
        var warning = new StaleTrainableWeightsWarning(["dense_2/kernel", "dense_2/bias"], ["dense_1/kernel", "dense_1/bias"]);

        Assert.Equal(
            "Discrepancy between trainable weights and collected trainable weights: "
            + "trainable now but not compiled: [dense_2/kernel, dense_2/bias]; "
            + "compiled but frozen now: [dense_1/kernel, dense_1/bias]. Call Compile again for the change to take effect.",
            warning.ToString());
    }
}
