namespace TrainableSpec.Engine.Tests;

/// <summary>
/// What a frozen batch normalization does in a fit under each framework's rule: which statistics normalise the
/// batch (seen in the fit's loss) and whether the moving statistics move. Data x = [[0.5], [1.5]], y = 0, β = 0,
/// then a dense layer with kernel 1: with the batch's statistics the outputs are ±0.5/√(0.25 + ε), loss ≈ 0.998;
/// with the moving ones (0, 1) they are 0.5/√1.001 and 1.5/√1.001, loss ≈ 1.2488.
/// </summary>
public sealed class BatchNormalizationTests
{
    private const double BatchLoss = 0.25 / (0.25 + 1e-3);
    private const double MovingLoss = (0.25 + 2.25) / 2 / (1 + 1e-3);

    public static TheoryData<string, double, bool> FrozenLayer { get; } = new()
    {
        { "keras-2.1.6", BatchLoss, false },
        { "keras-2.2", BatchLoss, false },
        { "tf-keras-2", MovingLoss, false },
        { "keras-3", MovingLoss, false },
        { "tfjs-4.22", BatchLoss, true },
    };

    [Theory]
    [MemberData(nameof(FrozenLayer))]
    public void A_frozen_batch_normalization_normalises_and_updates_as_its_framework_does(
        string rule, double expectedLoss, bool statisticsMove)
    {
        // Arrange
        var session = new Session(1, TrainabilityRule.Named(rule));
        var input = session.Input(1);
        var bn = new BatchNormalization();
        var dense = new Dense(1, useBias: false);
        var model = new Model(input, dense.Call(bn.Call(input)));
        dense.SetWeights([[1f]]);
        bn.Trainable = false;
        model.Compile(new Sgd(0.01f), MeanSquaredError.Instance);
        var before = bn.GetWeights();

        // Act
        var history = model.Fit([[0.5f], [1.5f]], [[0f], [0f]], batchSize: 2);

        // Assert
        Assert.Equal(expectedLoss, history.Losses[0], 4);
        Assert.Equal(before[0], bn.GetWeights()[0]);
        Assert.Equal(statisticsMove, !before[1].SequenceEqual(bn.GetWeights()[1]));
        Assert.Equal(statisticsMove, !before[2].SequenceEqual(bn.GetWeights()[2]));
    }

    [Fact]
    public void A_trainable_batch_normalization_moves_its_statistics_toward_the_batchs()
    {
        // Arrange
        var session = new Session(1);
        var input = session.Input(1);
        var bn = new BatchNormalization();
        var model = new Model(input, bn.Call(input));
        model.Compile(new Sgd(0.01f), MeanSquaredError.Instance);

        // Act
        model.Fit([[0.5f], [1.5f]], [[0f], [0f]], batchSize: 2);

        // Assert: mean 1 and variance 0.25, one hundredth of the way.
        Assert.Equal(0.01f, bn.GetWeights()[1][0], 6);
        Assert.Equal(0.99f + 0.0025f, bn.GetWeights()[2][0], 6);
        Assert.Equal(
            ["batch_normalization_1/beta", "batch_normalization_1/moving_mean", "batch_normalization_1/moving_variance"],
            bn.Weights.Select(w => w.Name));
        Assert.Equal(["batch_normalization_1/beta"], model.TrainableWeights.Select(w => w.Name));
    }

    [Fact]
    public void Prediction_normalises_with_the_moving_statistics()
    {
        var session = new Session(1);
        var input = session.Input(1);
        var bn = new BatchNormalization();
        var model = new Model(input, bn.Call(input));

        var output = model.Predict([[2f]]);

        Assert.Equal(2 / Math.Sqrt(1.001), output[0][0], 5);
    }

    [Fact]
    public void A_batch_normalization_called_on_another_width_is_rejected_naming_both()
    {
        var session = new Session(1);
        var bn = new BatchNormalization(name: "bn");
        bn.Call(session.Input(2));

        var e = Assert.Throws<ShapeMismatchException>(() => bn.Call(session.Input(3)));

        Assert.Contains("bn was built for inputs of width 2", e.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradients_through_a_batch_normalization_agree_with_central_differences(bool training)
    {
        // Arrange: dense → batch normalization → dense on three samples, so the batch statistics depend on the first kernel.
        var session = new Session(3);
        var input = session.Input(2);
        var first = new Dense(2, useBias: false);
        var bn = new BatchNormalization();
        var last = new Dense(2, useBias: false);
        var model = new Model(input, last.Call(bn.Call(first.Call(input))));
        bn.SetWeights([[0.3f, -0.2f], [0.1f, 0.2f], [1.5f, 0.8f]]);
        model.Compile(new Sgd(1f), MeanSquaredError.Instance);
        float[][] x = [[0.2f, 0.9f], [0.7f, -0.4f], [-0.5f, 0.3f]];
        float[][] y = [[1f, -1f], [0.5f, 0.2f], [-0.3f, 0.8f]];

        // Act
        var gradients = model.Gradients(x, y, training);

        // Assert
        foreach (var (layer, weight) in new (Layer, Weight)[] { (first, first.Weights[0]), (bn, bn.Weights[0]), (last, last.Weights[0]) })
        {
            for (var i = 0; i < weight.ToArray().Length; i++)
            {
                var central = CentralDifference(model, layer, i, x, y, training);
                Assert.True(
                    Math.Abs(gradients[weight][i] - central) <= 2e-3 + (2e-2 * Math.Abs(central)),
                    $"∂loss/∂{weight}[{i}] is {gradients[weight][i]}, the central difference {central}.");
            }
        }
    }

    [Fact]
    public void Before_its_first_call_a_batch_normalization_has_no_weights_and_a_second_call_of_the_same_width_shares_them()
    {
        var session = new Session(1, TrainabilityRule.Keras3);
        var input = session.Input(1);
        var bn = new BatchNormalization();
        Assert.Empty(bn.Weights);

        var once = bn.Call(input);
        var beta = bn.Weights[0];
        var model = new Model(input, bn.Call(once));

        Assert.Same(beta, bn.Weights[0]);
        Assert.Equal(3, model.Weights.Count);
        Assert.Equal(["batch_normalization_1/beta"], model.TrainableWeights.Select(w => w.Name));
    }

    [Fact]
    public void Evaluate_uses_the_moving_statistics_unless_asked_for_the_batchs()
    {
        var session = new Session(1);
        var input = session.Input(1);
        var model = new Model(input, new BatchNormalization().Call(input));

        Assert.Equal(MovingLoss, model.Evaluate([[0.5f], [1.5f]], [[0f], [0f]]), 4);
        Assert.Equal(BatchLoss, model.Evaluate([[0.5f], [1.5f]], [[0f], [0f]], training: true), 4);
    }

    // float32 forward passes with h = 1e-2: truncation ~h² and rounding ~1e-7/h, both far below the tolerance above.
    private static double CentralDifference(Model model, Layer layer, int index, float[][] x, float[][] y, bool training)
    {
        const float h = 1e-2f;
        var original = layer.GetWeights();
        double Shifted(float delta)
        {
            var values = original.Select(v => (float[])v.Clone()).ToArray();
            values[0][index] += delta;
            layer.SetWeights(values);
            return model.Evaluate(x, y, training);
        }

        var difference = (Shifted(h) - Shifted(-h)) / (2.0 * h);
        layer.SetWeights(original);
        return difference;
    }
}
