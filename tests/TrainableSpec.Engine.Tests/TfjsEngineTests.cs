namespace TrainableSpec.Engine.Tests;

/// <summary>
/// The engine's TensorFlow.js mode on what tfjs 4.22 does with shared layers, warnings and optimizer state
/// (tfjs-layers/src/engine/container.ts and training.ts; tfjs-core/src/optimizers/).
/// </summary>
public sealed class TfjsEngineTests
{
    private static readonly float[][] X = [[1f]];
    private static readonly float[][] Y = [[3f]];

    // model[a[d1] b[d1]]: two containers hold d1; or model[d1 d1]: one container calls it twice. The same function.
    private static (Model Model, Dense D1) Shared(bool twoContainers)
    {
        var session = new Session(1, TrainabilityRule.Tfjs422);
        var x = session.Input(1);
        var d1 = new Dense(1, useBias: false, name: "d1");
        Tensor output;
        if (twoContainers)
        {
            var ia = session.Input(1);
            var a = new Container(ia, d1.Call(ia), "a");
            var ib = session.Input(1);
            var b = new Container(ib, d1.Call(ib), "b");
            output = b.Call(a.Call(x));
        }
        else
        {
            output = d1.Call(d1.Call(x));
        }

        d1.SetWeights([[1f]]);
        return (new Model(x, output), d1);
    }

    private static (Model Model, Dense D1, Dense D2) TwoLayers(bool biasOnD2 = false)
    {
        var session = new Session(1, TrainabilityRule.Tfjs422);
        var x = session.Input(1);
        var d1 = new Dense(1, useBias: false, name: "d1");
        var d2 = new Dense(1, useBias: biasOnD2, name: "d2");
        var model = new Model(x, d2.Call(d1.Call(x)));
        d1.SetWeights([[1f]]);
        d2.SetWeights(biasOnD2 ? [[2f], [0f]] : [[2f]]);
        return (model, d1, d2);
    }

    [Fact]
    public void A_layer_in_two_containers_is_collected_twice_and_steps_twice_as_far_as_one_called_twice()
    {
        // Arrange: k = 1, x = 1, y = 3: o = k², ∂L/∂k = 2(o − y)·2k = −8 in both; lr = 0.01.
        var (inTwo, shared) = Shared(twoContainers: true);
        var (calledTwice, once) = Shared(twoContainers: false);
        inTwo.Compile(new Sgd(0.01f), MeanSquaredError.Instance);
        calledTwice.Compile(new Sgd(0.01f), MeanSquaredError.Instance);

        // Act
        inTwo.Fit(X, Y);
        calledTwice.Fit(X, Y);

        // Assert
        Assert.Equal(["d1/kernel", "d1/kernel"], inTwo.CollectedTrainableWeights.Select(w => w.Name));
        Assert.Equal(["d1/kernel"], calledTwice.CollectedTrainableWeights.Select(w => w.Name));
        Assert.Equal(1.08f, once.GetWeights()[0][0], 6);
        Assert.Equal(1.16f, shared.GetWeights()[0][0], 6);
    }

    [Fact]
    public void A_fit_warns_by_count_naming_nothing_and_is_silent_when_two_flags_swap()
    {
        var (model, d1, _) = TwoLayers();
        model.Compile(new Sgd(0.01f), MeanSquaredError.Instance);
        d1.Trainable = false;

        var warning = Assert.Single(model.Fit(X, Y).Warnings);

        Assert.Empty(warning.NowTrainable);
        Assert.Empty(warning.NowFrozen);
        Assert.StartsWith(
            "Discrepancy between trainableweights and collected trainable weights.", warning.ToString(), StringComparison.Ordinal);

        var (swapped, e1, e2) = TwoLayers();
        e2.Trainable = false;
        swapped.Compile(new Sgd(0.01f), MeanSquaredError.Instance);
        e1.Trainable = false;
        e2.Trainable = true;
        Assert.Throws<NothingTrainableException>(() => swapped.Fit(X, Y));
        Assert.Empty(swapped.LastFitWarnings);
    }

    [Fact]
    public void After_a_recompile_drops_d1_d2_steps_with_the_velocity_the_optimizer_built_for_d1()
    {
        // Arrange: two momentum fits; d1's second step is its velocity v (w ← w + v).
        var (model, d1, d2) = TwoLayers();
        var momentum = new Sgd(0.01f, momentum: 0.9f);
        model.Compile(momentum, MeanSquaredError.Instance);
        model.Fit(X, Y);
        var d1Before = d1.GetWeights()[0][0];
        model.Fit(X, Y);
        var velocityOfD1 = d1.GetWeights()[0][0] - d1Before;
        d1.Trainable = false;
        model.Compile(momentum, MeanSquaredError.Instance);
        var g = model.Gradients(X, Y).Single().Value[0];
        var d2Before = d2.GetWeights()[0][0];

        // Act
        model.Fit(X, Y);

        // Assert: position 0 is d2's now, with d1's velocity: v ← 0.9·v − lr·g.
        // The velocity is read back from d1's float32 values, so to within a few ulps of 1.0.
        Assert.Equal((0.9 * velocityOfD1) - (0.01 * g), d2.GetWeights()[0][0] - d2Before, 1e-6);
    }

    [Fact]
    public void When_a_bias_lands_where_a_kernel_built_its_state_the_fit_throws_after_stepping_the_entries_before_it()
    {
        // Arrange: model[d1 d2(bias)]; after d1 is frozen the list is [d2/kernel d2/bias], position 1 holds a kernel's velocity.
        var (model, d1, d2) = TwoLayers(biasOnD2: true);
        var momentum = new Sgd(0.01f, momentum: 0.9f);
        model.Compile(momentum, MeanSquaredError.Instance);
        model.Fit(X, Y);
        d1.Trainable = false;
        model.Compile(momentum, MeanSquaredError.Instance);
        var before = d2.GetWeights();

        // Act
        var e = Assert.Throws<OptimizerStateShapeException>(() => model.Fit(X, Y));

        // Assert
        Assert.Contains("position 1", e.Message, StringComparison.Ordinal);
        Assert.NotEqual(before[0][0], d2.GetWeights()[0][0]);
        Assert.Equal(before[1][0], d2.GetWeights()[1][0]);
        Assert.Equal(1, momentum.Iterations);
    }

    [Fact]
    public void Without_state_a_shifted_list_steps_every_entry()
    {
        var (model, d1, d2) = TwoLayers(biasOnD2: true);
        var sgd = new Sgd(0.01f);
        model.Compile(sgd, MeanSquaredError.Instance);
        model.Fit(X, Y);
        d1.Trainable = false;
        model.Compile(sgd, MeanSquaredError.Instance);
        var before = d2.GetWeights();

        model.Fit(X, Y);

        Assert.NotEqual(before[1][0], d2.GetWeights()[1][0]);
    }
}
