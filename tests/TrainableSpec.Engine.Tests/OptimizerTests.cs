namespace TrainableSpec.Engine.Tests;

/// <summary>
/// Each optimizer's update on one weight w = 1 with loss (w·1 − 0)², whose gradient is 2w: values worked out by
/// hand from Keras' formulas, so a wrong coefficient or order shows.
/// </summary>
public sealed class OptimizerTests
{
    private static (Model Model, Dense Layer) OneWeight()
    {
        var session = new Session(1);
        var input = session.Input(1);
        var layer = new Dense(1, useBias: false);
        var model = new Model(input, layer.Call(input));
        layer.SetWeights([[1f]]);
        return (model, layer);
    }

    private static float[] Steps(Optimizer optimizer, int steps)
    {
        var (model, layer) = OneWeight();
        model.Compile(optimizer, MeanSquaredError.Instance);
        return [.. Enumerable.Range(0, steps).Select(_ =>
        {
            model.Fit([[1f]], [[0f]]);
            return layer.GetWeights()[0][0];
        })];
    }

    [Fact]
    public void Sgd_steps_against_the_gradient() =>
        Assert.Equal(0.8f, Steps(new Sgd(0.1f), 1)[0], 6);

    [Fact]
    public void Momentum_adds_the_kept_velocity_to_the_next_step()
    {
        // v1 = −0.2, w1 = 0.8; g2 = 1.6, v2 = 0.9·(−0.2) − 0.16 = −0.34, w2 = 0.46.
        var w = Steps(new Sgd(0.1f, momentum: 0.9f), 2);

        Assert.Equal(0.8f, w[0], 6);
        Assert.Equal(0.46f, w[1], 6);
    }

    [Fact]
    public void Nesterov_looks_ahead_along_the_velocity() =>
        Assert.Equal(0.62f, Steps(new Sgd(0.1f, momentum: 0.9f, nesterov: true), 1)[0], 6);

    [Fact]
    public void Adam_first_step_is_about_the_learning_rate()
    {
        // lr_1 = 0.1·√0.001/0.1; m = 0.2; v = 0.004; w1 = 1 − lr_1·0.2/(√0.004 + 1e-7).
        var expected = 1.0 - (0.1 * Math.Sqrt(0.001) / 0.1 * 0.2 / (Math.Sqrt(0.004) + 1e-7));

        Assert.Equal(expected, Steps(new Adam(0.1f), 1)[0], 6);
    }

    [Fact]
    public void Adams_epsilon_bounds_the_step_of_a_tiny_gradient()
    {
        // g = 1e-6: m = 1e-7, √v ≈ 3.16e-8, so the step is lr_1·m/(√v + 1e-7) ≈ 0.024, not lr_1·m/√v ≈ 0.1.
        var (model, layer) = OneWeight();
        model.Compile(new Adam(0.1f), MeanSquaredError.Instance);

        model.Fit([[1f]], [[1f - 5e-7f]]);

        var g = 2.0 * (1.0 - (double)(1f - 5e-7f));
        var expected = 1.0 - (Math.Sqrt(0.001) * (0.1 * g) / (Math.Sqrt(0.001 * g * g) + 1e-7));
        Assert.Equal(expected, layer.GetWeights()[0][0], 4);
    }

    [Fact]
    public void AdamW_decays_the_weight_before_the_Adam_step()
    {
        var expected = 1.0 - (0.1 * 0.004) - (0.1 * Math.Sqrt(0.001) / 0.1 * 0.2 / (Math.Sqrt(0.004) + 1e-7));

        Assert.Equal(expected, Steps(new Adam(0.1f, weightDecay: 0.004f), 1)[0], 6);
    }

    [Fact]
    public void An_optimizer_never_writes_a_weight_left_out_of_the_step_whatever_state_it_holds()
    {
        // Arrange: the optimizer builds momentum for the weight, then the weight is frozen and the model recompiled with it.
        var (model, layer) = OneWeight();
        var optimizer = new Adam(0.1f, weightDecay: 0.004f);
        model.Compile(optimizer, MeanSquaredError.Instance);
        model.Fit([[1f]], [[0f]]);
        layer.Trainable = false;
        model.Compile(optimizer, MeanSquaredError.Instance);
        var before = layer.GetWeights()[0];

        // Act
        model.Fit([[1f]], [[0f]]);

        // Assert
        Assert.Equal(before, layer.GetWeights()[0]);
        Assert.Equal(2, optimizer.Iterations);
    }

    [Theory]
    [InlineData(1f)]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    public void A_momentum_outside_zero_to_one_is_rejected_naming_it(float momentum)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0.1f, momentum));

        Assert.Contains("SGD momentum must be in [0, 1)", e.Message);
    }

    [Theory]
    [InlineData(-0.01f)]
    [InlineData(float.PositiveInfinity)]
    public void A_negative_or_infinite_weight_decay_is_rejected_naming_it(float decay)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0.1f, decay));

        Assert.Contains("Weight decay must be a finite number ≥ 0", e.Message);
    }

    [Fact]
    public void A_non_positive_Adam_learning_rate_is_rejected_naming_the_optimizer()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0f));

        Assert.Contains("Adam learning rate must be a positive finite number", e.Message);
    }

    [Fact]
    public void Torchs_adam_counts_steps_per_weight_and_adds_epsilon_after_the_bias_correction()
    {
        // Arrange: model[d1 d2], width 1, w1 = 1, w2 = 2, x = 1, y = 3: o = 2, ∂L/∂w1 = 2(o − y)·w2 = −4, ∂L/∂w2 = −2.
        // d1 is frozen at the first fit, so torch steps only d2; at the second d1 takes its own first step (t = 1).
        var session = new Session(1, TrainabilityRule.PyTorch);
        var input = session.Input(1);
        var (d1, d2) = (new Dense(1, useBias: false), new Dense(1, useBias: false));
        var model = new Model(input, d2.Call(d1.Call(input)));
        d1.SetWeights([[1f]]);
        d2.SetWeights([[2f]]);
        model.Compile(new TorchAdam(0.1f), MeanSquaredError.Instance);
        d1.Trainable = false;
        model.Fit([[1f]], [[3f]]);
        d1.Trainable = true;
        d2.SetWeights([[2f]]);

        // Act
        model.Fit([[1f]], [[3f]]);

        // Assert: d1, t = 1: m = −0.4, √v/√(1 − 0.999) = 4: 1 + 0.1/0.1·0.4/(4 + 1e-7) = 1.1 (Keras' t = 2 gives 1.0744).
        // d2, t = 2: m = −0.38, √v/√(1 − 0.999²) = 2: 2 + 0.1/0.19·0.38/(2 + 1e-7) = 2.1.
        Assert.Equal(1.1f, d1.GetWeights()[0][0], 6);
        Assert.Equal(2.1f, d2.GetWeights()[0][0], 6);
    }

    [Fact]
    public void Torchs_adamw_scales_the_weight_by_one_minus_lr_times_the_decay_before_adams_step()
    {
        // g = 2 at w = 1; 1·(1 − 0.1·0.004) = 0.9996, then Adam's first step 0.1/0.1·0.2/(√0.004/√0.001 + 1e-7) ≈ 0.1: 0.8996.
        Assert.Equal(0.8996f, Steps(new TorchAdam(0.1f, weightDecay: 0.004f), 1)[0], 6);
    }
}
