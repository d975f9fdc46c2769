namespace TrainableSpec.Engine.Tests;

/// <summary>Every kind of bad input gets its own exception, whose message says what is wrong and where.</summary>
public sealed class BadInputTests
{
    private static Model SmallModel(out Dense dense)
    {
        var session = new Session(1);
        var input = session.Input(3);
        dense = new Dense(3);
        return new Model(input, dense.Call(input));
    }

    private static Model Compiled()
    {
        var model = SmallModel(out _);
        model.Compile(new Sgd(0.1f), MeanSquaredError.Instance);
        return model;
    }

    private static readonly float[][] Good = [[0.1f, 0.2f, 0.3f]];

    [Fact]
    public void A_layer_called_on_a_tensor_of_the_wrong_width_names_the_layer_and_both_widths()
    {
        var session = new Session(1);
        var dense = new Dense(3);
        dense.Call(session.Input(3));

        var e = Assert.Throws<ShapeMismatchException>(() => dense.Call(session.Input(4)));

        Assert.Contains("dense_1 was built for inputs of width 3", e.Message);
        Assert.Contains("input_2 output (width 4)", e.Message);
    }

    [Fact]
    public void A_container_called_on_a_tensor_of_the_wrong_width_names_the_container()
    {
        var session = new Session(1);
        var input = session.Input(3);
        var container = new Container(input, new Dense(3).Call(input), "block");

        var e = Assert.Throws<ShapeMismatchException>(() => container.Call(session.Input(2)));

        Assert.Contains("block takes inputs of width 3", e.Message);
    }

    [Fact]
    public void A_layer_called_on_a_tensor_of_another_session_is_rejected()
    {
        var dense = new Dense(3);
        dense.Call(new Session(1).Input(3));

        var e = Assert.Throws<GraphException>(() => dense.Call(new Session(2).Input(3)));

        Assert.Contains("dense_1 belongs to another session", e.Message);
    }

    [Fact]
    public void A_container_whose_output_does_not_come_from_its_input_is_graph_disconnected()
    {
        var session = new Session(1);
        var input = session.Input(3);
        var other = session.Input(3);
        var output = new Dense(3).Call(other);

        var e = Assert.Throws<GraphException>(() => new Container(input, output, "broken"));

        Assert.Contains("Graph disconnected in broken", e.Message);
        Assert.Contains("input_2", e.Message);
    }

    [Fact]
    public void Two_different_layers_with_one_name_in_a_container_are_rejected()
    {
        var session = new Session(1);
        var input = session.Input(3);
        var output = new Dense(3, name: "twin").Call(new Dense(3, name: "twin").Call(input));

        var e = Assert.Throws<GraphException>(() => new Container(input, output, "block"));

        Assert.Contains("'twin' names 2 different layers", e.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Non_finite_training_inputs_are_rejected_with_their_position(float bad, string shown)
    {
        var model = Compiled();
        float[][] x = [[0.1f, 0.2f, 0.3f], [0.1f, 0.2f, bad]];

        var e = Assert.Throws<InvalidDataException>(() => model.Fit(x, [[1f, 1f, 1f], [1f, 1f, 1f]]));

        Assert.Contains($"x[1][2] is {shown}", e.Message);
    }

    [Fact]
    public void Non_finite_targets_are_rejected_with_their_position()
    {
        var model = Compiled();

        var e = Assert.Throws<InvalidDataException>(() => model.Fit(Good, [[1f, float.NegativeInfinity, 1f]]));

        Assert.Contains("y[0][1] is -Infinity", e.Message);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-10f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_learning_rate_that_is_not_positive_and_finite_is_rejected(float rate)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(rate));

        Assert.Contains("SGD learning rate must be a positive finite number", e.Message);
    }

    [Fact]
    public void An_empty_batch_is_rejected()
    {
        var model = Compiled();

        var e = Assert.Throws<InvalidDataException>(() => model.Fit([], []));

        Assert.Contains("x is empty", e.Message);
    }

    [Fact]
    public void Inputs_and_targets_of_different_lengths_are_rejected()
    {
        var model = Compiled();

        var e = Assert.Throws<InvalidDataException>(() => model.Fit(Good, [[1f, 1f, 1f], [1f, 1f, 1f]]));

        Assert.Contains("x has 1 samples but y has 2", e.Message);
    }

    [Fact]
    public void A_sample_of_the_wrong_width_is_rejected_with_its_index()
    {
        var model = Compiled();

        var e = Assert.Throws<ShapeMismatchException>(() => model.Predict([[0.1f, 0.2f, 0.3f], [0.1f, 0.2f]]));

        Assert.Contains("x[1] has 2 values, but the model expects 3", e.Message);
    }

    [Fact]
    public void An_unknown_layer_name_lists_the_layers_there_are()
    {
        var model = SmallModel(out _);

        var e = Assert.Throws<UnknownLayerException>(() => model.GetLayer("dense_9"));

        Assert.Contains("no layer named 'dense_9'; its layers are input_1, dense_1", e.Message);
    }

    [Fact]
    public void Fit_before_compile_is_rejected()
    {
        var model = SmallModel(out _);

        var e = Assert.Throws<NotCompiledException>(() => model.Fit(Good, Good));

        Assert.Contains("Fit on model_1: the model must be compiled first", e.Message);
    }

    [Fact]
    public void Set_weights_with_the_wrong_number_of_arrays_is_rejected()
    {
        SmallModel(out var dense);

        var e = Assert.Throws<ShapeMismatchException>(() => dense.SetWeights([new float[9]]));

        Assert.Contains("the layer has 2 weights (dense_1/kernel, dense_1/bias), but 1 arrays were given", e.Message);
    }

    [Fact]
    public void Set_weights_with_the_wrong_size_or_a_non_finite_value_is_rejected()
    {
        SmallModel(out var dense);

        var size = Assert.Throws<ShapeMismatchException>(() => dense.SetWeights([new float[8], new float[3]]));
        var nan = Assert.Throws<InvalidDataException>(() => dense.SetWeights([new float[9], [0f, float.NaN, 0f]]));

        Assert.Contains("dense_1/kernel has 3x3 = 9 values, but 8 were given", size.Message);
        Assert.Contains("value 1 for dense_1/bias is NaN", nan.Message);
    }

    [Fact]
    public void An_input_cannot_be_called_on_a_tensor()
    {
        var session = new Session(1);
        var input = session.Input(3);

        var e = Assert.Throws<GraphException>(() => input.Producer.Call(input));

        Assert.Contains("input_1 is an input", e.Message);
    }
}

public sealed class LayerStateTests
{
    [Fact]
    public void A_dense_layer_before_its_first_call_has_no_weights_and_says_it_is_unnamed()
    {
        var dense = new Dense(3);

        Assert.Empty(dense.Weights);
        Assert.Null(dense.InputWidth);
        Assert.Equal("(unnamed, not yet called)", dense.Name);
    }

    [Fact]
    public void An_undefined_activation_is_rejected_naming_the_defined_ones()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dense(3, (Activation)7));

        Assert.Contains("Activation 7 is not one of Linear, Sigmoid, Tanh", e.Message);
    }

    [Fact]
    public void Missing_tensors_and_missing_batches_are_rejected()
    {
        var session = new Session(1);
        var input = session.Input(3);
        var model = new Model(input, new Dense(3).Call(input));

        Assert.Throws<ArgumentNullException>(() => new Container(null!, input));
        Assert.Throws<ArgumentNullException>(() => new Container(input, null!));
        Assert.Contains("x is empty", Assert.Throws<InvalidDataException>(() => model.Predict(null!)).Message);
        Assert.Contains("x[0] has 0 values", Assert.Throws<ShapeMismatchException>(() => model.Predict([null!])).Message);
    }

    [Fact]
    public void A_model_computes_its_loss_and_the_gradients_of_its_compiled_weights()
    {
        var session = new Session(1);
        var input = session.Input(1);
        var dense = new Dense(1, useBias: false);
        var model = new Model(input, dense.Call(input));
        dense.SetWeights([[2f]]);
        model.Compile(new Sgd(1f), MeanSquaredError.Instance);

        var loss = model.Evaluate([[1f]], [[5f]]);
        var gradient = model.Gradients([[1f]], [[5f]]);

        Assert.Equal(9f, loss);
        Assert.Equal([-6f], gradient.Single().Value);
        Assert.Equal("dense_1/kernel", gradient.Single().Key.ToString());
        Assert.Equal("input_1 output (width 1)", input.ToString());
        Assert.Equal("model_1", model.ToString());
    }
}
