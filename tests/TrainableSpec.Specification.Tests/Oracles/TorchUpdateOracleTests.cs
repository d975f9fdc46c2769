using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Oracles;

/// <summary>torch's formulas for the shared script under the PyTorch profiles, on cases worked by hand.</summary>
public sealed class TorchUpdateOracleTests
{
    // model[d1], width 1, w = 2, x = 1, y = 3: o = 2, ∂L/∂w = 2(o − y)·x = −2.
    private static readonly TreeDescription OneWeight = new(1, [Dense("d1"), Box("model", "d1")], "model");

    private static readonly WeightSet Two = new([KeyValuePair.Create("d1/kernel", new[] { 2f })]);

    // model[d1 d2], width 1, w1 = 1, w2 = 2, x = 1, y = 3: o = w2·w1·x = 2, ∂L/∂o = −2, ∂L/∂w1 = −2·w2 = −4, ∂L/∂w2 = −2·w1 = −2.
    private static readonly TreeDescription Chain = new(1, [Dense("d1"), Dense("d2"), Box("model", "d1", "d2")], "model");

    private static readonly WeightSet OneAndTwo =
        new([KeyValuePair.Create("d1/kernel", new[] { 1f }), KeyValuePair.Create("d2/kernel", new[] { 2f })]);

    private static readonly TrainingData OneSample = new([[1f]], [[3f]]);

    [Fact]
    public void Adam_counts_steps_per_parameter_so_a_parameter_skipped_at_a_fit_takes_its_first_step_later()
    {
        // Arrange: d1 is frozen at the first fit (grad None: torch skips it), unfrozen for the second. The weights are
        // held still, so every fit sees the gradients above.
        var scenario = new Scenario(
            Chain,
            OneAndTwo,
            OneSample,
            [new Compile(0.1f, KerasOptimizer.Adam), new SetTrainable("d1", false), Fit.Step, new SetTrainable("d1", true), Fit.Step]);
        var run = Held(scenario, OneAndTwo);
        var predictions = FrameworkProfiles.PyTorch.Predict(scenario);

        // Act
        var torch = UpdateOracle.Updates(scenario, run, predictions, FrameworkProfiles.PyTorch).ToArray();
        var keras = UpdateOracle.Updates(scenario, run, predictions, keepsStateAcrossCompiles: true).ToArray();

        // Assert
        Assert.Equal([(2, "d2/kernel"), (4, "d1/kernel"), (4, "d2/kernel")], torch.Select(u => (u.Step, u.Weight)));
        // d2, t = 1: m = 0.1·(−2) = −0.2, v = 0.001·4, √v/√(1 − 0.999) = 2; p − lr/(1 − 0.9)·m/(2 + 1e-7) ≈ 2 + 0.1.
        Assert.Equal(2.1, torch[0].Values[0], 6);
        // d1, its own t = 1 at the optimizer's second step: m = −0.4, √v/√0.001 = 4: 1 + 0.1·0.4/0.1/4 = 1.1.
        Assert.Equal(1.1, torch[1].Values[0], 6);
        // d2, t = 2: m = −0.38, v = 0.007996, √v/√(1 − 0.999²) = 2: 2 + 0.1/0.19·0.38/2 = 2.1.
        Assert.Equal(2.1, torch[2].Values[0], 6);
        // Keras' one iteration count gives d1 t = 2: lr·√(1 − 0.999²)/(1 − 0.9²) = 0.023532, times 0.4/√0.016: 1.074414.
        Assert.Equal(1.074414, keras[1].Values[0], 6);
    }

    [Fact]
    public void Adam_adds_epsilon_after_the_bias_correction()
    {
        // Arrange: a gradient g ≈ −1.9e-6 (w = 2, y = 2.000001f), so torch's √v/√(1 − β₂) = |g| and ε = 1e-7 is 5% of it,
        // where Keras' √v ≈ 6e-8 and √v + ε more than doubles the denominator.
        var scenario = new Scenario(
            OneWeight, Two, new TrainingData([[1f]], [[2.000001f]]), [new Compile(0.1f, KerasOptimizer.Adam), Fit.Step]);
        var run = Held(scenario, Two);
        var predictions = FrameworkProfiles.PyTorch.Predict(scenario);

        // Act
        var torch = UpdateOracle.Updates(scenario, run, predictions, FrameworkProfiles.PyTorch).Single();
        var keras = UpdateOracle.Updates(scenario, run, predictions, keepsStateAcrossCompiles: true).Single();

        // Assert: torch p + lr·g/(|g| + ε) = 2 + 0.1·|g|/(|g| + 1e-7); Keras 2 + 0.1·√0.001·|g|/(√0.001·|g| + 1e-7).
        var g = 2.0 * ((double)2.000001f - 2.0);
        Assert.Equal(2 + (0.1f * g / (g + 1e-7)), torch.Values[0], 9);
        Assert.Equal(2 + (0.1f * Math.Sqrt(0.001) * g / ((Math.Sqrt(0.001) * g) + 1e-7)), keras.Values[0], 9);
        Assert.True(torch.Values[0] - keras.Values[0] > 0.04, $"torch {torch.Values[0]}, Keras {keras.Values[0]}");
    }

    [Fact]
    public void AdamW_multiplies_the_parameter_by_one_minus_lr_times_the_decay_first()
    {
        // Arrange
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f, KerasOptimizer.AdamW), Fit.Step]);

        // Act
        var predictions = FrameworkProfiles.PyTorch.Predict(scenario);
        var update = UpdateOracle.Updates(scenario, Held(scenario, Two), predictions, FrameworkProfiles.PyTorch).Single();

        // Assert: 2·(1 − 0.1·0.004) = 1.9992, then Adam's first step + 0.1·2/(2 + 1e-7).
        Assert.Equal(1.9992 + 0.1, update.Values[0], 6);
    }

    [Theory]
    [InlineData(KerasOptimizer.Sgd, 2.2, 1.0047684e-4)]      // the magnitude of ∂L/∂w is 2(|o| + |y|)·|x| = 10: lr·10 = 1
    [InlineData(KerasOptimizer.Momentum, 2.2, 1.0047684e-4)] // the buffer's bound is the gradient's: lr·10
    [InlineData(KerasOptimizer.Nesterov, 2.38, 1.9047684e-4)] // lr·(10 + 0.9·10)
    [InlineData(KerasOptimizer.Adam, 2.1, 1.0047683e-4)]      // lr/c₁·(bound(m)/d + |m|·bound(v)/(√v·c₂·d²)) = 0.5 + 0.5
    [InlineData(KerasOptimizer.AdamW, 2.0992, 1.0055683e-4)]  // Adam's, and the decay lr·0.004·w = 8e-4 taken whole
    public void A_first_steps_value_and_tolerance_follow_torchs_formulas_through_the_state(
        KerasOptimizer optimizer, double expected, double tolerance)
    {
        // Arrange: as above; 2 ulps of the weight are 4.77e-7 of each tolerance.
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f, optimizer), Fit.Step]);

        // Act
        var update = UpdateOracle.Updates(
            scenario, Held(scenario, Two), FrameworkProfiles.PyTorch.Predict(scenario), FrameworkProfiles.PyTorch).Single();

        // Assert
        Assert.Equal(expected, update.Values[0], 6);
        Assert.Equal(tolerance, update.Tolerance[0], 11);
    }

    [Theory]
    [InlineData(KerasOptimizer.Momentum, 2.38)] // buf = −2, then 0.9·(−2) − 2 = −3.8: 2 + 0.1·3.8
    [InlineData(KerasOptimizer.Nesterov, 2.542)] // 2 + 0.1·(2 + 0.9·3.8)
    public void Pytorch_reuses_the_optimizer_a_recompile_asks_for_again_and_pytorch_filtered_builds_a_new_one(
        KerasOptimizer optimizer, double reused)
    {
        // Arrange
        Compile compile = new(0.1f, optimizer);
        var scenario = new Scenario(OneWeight, Two, OneSample, [compile, Fit.Step, compile, Fit.Step]);
        var run = Held(scenario, Two);

        // Act
        var kept = UpdateOracle.Updates(scenario, run, FrameworkProfiles.PyTorch.Predict(scenario), FrameworkProfiles.PyTorch).Last();
        var rebuilt = UpdateOracle.Updates(
            scenario, run, FrameworkProfiles.PyTorchFiltered.Predict(scenario), FrameworkProfiles.PyTorchFiltered).Last();

        // Assert: a new optimizer's buffer is the gradient itself: 2 + 0.1·2, or with Nesterov 2 + 0.1·(2 + 0.9·2).
        Assert.Equal(reused, kept.Values[0], 6);
        Assert.Equal(optimizer == KerasOptimizer.Nesterov ? 2.38 : 2.2, rebuilt.Values[0], 6);
    }

    [Fact]
    public void A_refused_compile_builds_nothing_and_the_last_optimizer_goes_on_with_its_state()
    {
        // Arrange: the second compile finds nothing requiring grad and is refused; the fit after it steps the first optimizer.
        Compile compile = new(0.1f, KerasOptimizer.Momentum);
        var scenario = new Scenario(
            OneWeight,
            Two,
            OneSample,
            [compile, Fit.Step, new SetTrainable("model", false), compile, new SetTrainable("model", true), Fit.Step]);
        var predictions = FrameworkProfiles.PyTorchFiltered.Predict(scenario);

        // Act
        var updates = UpdateOracle.Updates(scenario, Held(scenario, Two), predictions, FrameworkProfiles.PyTorchFiltered).ToArray();

        // Assert
        Assert.True(predictions[3].Refused);
        Assert.Equal([1, 5], updates.Select(u => u.Step));
        Assert.Equal(2.38, updates[^1].Values[0], 6);
    }

    [Fact]
    public void The_oracle_rejects_a_null_scenario_or_run()
    {
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f), Fit.Step]);

        var run = Held(scenario, Two);

        var noScenario = Assert.Throws<ArgumentNullException>(() => TorchUpdateOracle.Updates(null!, run, [], true).ToArray());
        var noRun = Assert.Throws<ArgumentNullException>(() => TorchUpdateOracle.Updates(scenario, null!, [], true).ToArray());
        var noProfile = Assert.Throws<ArgumentNullException>(() => UpdateOracle.Updates(scenario, run, [], (FrameworkProfile)null!));

        Assert.Equal("scenario", noScenario.ParamName);
        Assert.Equal("run", noRun.ParamName);
        Assert.Equal("profile", noProfile.ParamName);
    }

    // A run whose every observation holds the initial weights, so every fit sees the same gradients.
    private static ScenarioRun Held(Scenario scenario, WeightSet weights) =>
        new(weights, [.. scenario.Script.Select(_ => new Observation(ImmutableSortedDictionary<string, bool>.Empty, [], null, weights))]);
}
