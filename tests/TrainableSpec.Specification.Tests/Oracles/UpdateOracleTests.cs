using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Tests.Oracles;

/// <summary>The specification's value model on cases worked by hand, and its gradient against central differences of the loss.</summary>
public sealed class UpdateOracleTests
{
    // model[d1], width 1, w = 2, x = 1, y = 3: o = 2, L = (o − y)² = 1, ∂L/∂w = 2(o − y)·x = −2.
    private static readonly TreeDescription OneWeight =
        new(1, [new DenseDescription("d1", ActivationKind.Linear, UseBias: false), new ContainerDescription("model", ["d1"])], "model");

    private static readonly WeightSet Two = new([KeyValuePair.Create("d1/kernel", new[] { 2f })]);

    private static readonly TrainingData OneSample = new([[1f]], [[3f]]);

    [Theory]
    [InlineData(KerasOptimizer.Sgd, 2.2)]            // w − lr·g = 2 + 0.1·2
    [InlineData(KerasOptimizer.Momentum, 2.2)]       // v = −lr·g = 0.2; w + v
    [InlineData(KerasOptimizer.Nesterov, 2.38)]      // w + 0.9·v − lr·g = 2 + 0.18 + 0.2
    [InlineData(KerasOptimizer.Adam, 2.0999998)]     // lr_t = 0.1·√0.001/0.1; m = −0.2; √v = 0.0632456; w − lr_t·m/(√v + 1e-7)
    public void One_fit_takes_the_optimizers_step_worked_by_hand(KerasOptimizer optimizer, double expected)
    {
        // Arrange
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f, optimizer), Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(Two)]);

        // Act
        var update = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Single();

        // Assert
        Assert.Equal(1, update.Step);
        Assert.Equal(-2.0, update.Gradient[0], 12);
        Assert.Equal(expected, update.Values[0], 6);
    }

    [Fact]
    public void The_tolerance_is_two_ulps_of_the_weight_and_a_ten_thousandth_of_the_steps_magnitude()
    {
        // Arrange: the magnitude of ∂L/∂w is 2(|o| + |y|)·|x| = 10, so the step's magnitude is lr·10.
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f), Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(Two)]);

        // Act
        var update = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Single();

        // Assert
        var ulp = MathF.BitIncrement((float)update.Values[0]) - (float)update.Values[0];
        Assert.Equal((2 * ulp) + (1e-4 * 0.1f * 10), update.Tolerance[0], 12);
    }

    [Fact]
    public void Keras_2_starts_fresh_moments_at_each_compile_and_other_frameworks_keep_them()
    {
        // Arrange: two fits with the same momentum optimizer, recompiled between them; the weights held still at 2.
        Compile compile = new(0.1f, KerasOptimizer.Momentum);
        var scenario = new Scenario(OneWeight, Two, OneSample, [compile, Fit.Step, compile, Fit.Step]);
        var run = new ScenarioRun(Two, [.. Enumerable.Repeat(Observation(Two), 4)]);

        // Act
        var fresh = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Last();
        var kept = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: true).Last();

        // Assert: v = lr·2 again, or v = 0.9·lr·2 + lr·2 (lr and 0.9 the floats 0.1f and 0.9f).
        Assert.Equal(2 + (0.1f * 2.0), fresh.Values[0], 12);
        Assert.Equal(2 + ((double)0.9f * 0.1f * 2.0) + (0.1f * 2.0), kept.Values[0], 12);
    }

    [Theory]
    [InlineData(KerasOptimizer.Momentum, 2.2, 1.0047684e-4)]  // bound lr·10 = 1
    [InlineData(KerasOptimizer.Nesterov, 2.38, 1.9047684e-4)] // 0.9·bound + lr·10 = 1.9
    [InlineData(KerasOptimizer.Adam, 2.0999998, 1.0047660e-4)] // lr_t·(|m|bound/(√v + ε) + |m|·|v|bound/(√v(√v + ε)²)) ≈ 1
    [InlineData(KerasOptimizer.AdamW, 2.0991998, 1.0055660e-4)] // Adam's, and the decay lr·0.004·w = 8e-4 taken whole
    public void A_stateful_optimizers_tolerance_follows_the_magnitude_through_its_state(
        KerasOptimizer optimizer, double expected, double tolerance)
    {
        // Arrange: as above; 2 ulps of 2.2f are 4.77e-7 of each tolerance.
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f, optimizer), Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(Two)]);

        // Act
        var update = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Single();

        // Assert
        Assert.Equal(expected, update.Values[0], 6);
        Assert.Equal(tolerance, update.Tolerance[0], 11);
    }

    [Fact]
    public void Each_fit_steps_from_the_weights_the_implementation_held_after_the_step_before_it()
    {
        // Arrange: the first fit left w at 2.2; the second computes o = 2.2, ∂L/∂w = 2(2.2 − 3) = −1.6.
        var moved = new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 2.2f })]);
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f), Fit.Step, Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(moved), Observation(moved)]);

        // Act
        var second = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: true).Last();

        // Assert
        Assert.Equal(2, second.Step);
        Assert.Equal(-1.6, second.Gradient[0], 6);
        Assert.Equal(2.36, second.Values[0], 6);
    }

    [Fact]
    public void Keras_2_keeps_adams_step_count_when_it_starts_fresh_moments()
    {
        // Arrange
        Compile compile = new(0.1f, KerasOptimizer.Adam);
        var scenario = new Scenario(OneWeight, Two, OneSample, [compile, Fit.Step, compile, Fit.Step]);
        var run = new ScenarioRun(Two, [.. Enumerable.Repeat(Observation(Two), 4)]);

        // Act
        var second = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Last();

        // Assert: t = 2, lr_t = lr·√(1 − 0.999²)/(1 − 0.9²) = 0.023532; m = −0.2, √v = 0.063246 afresh: 2 + 0.074414.
        Assert.Equal(2.0744136, second.Values[0], 6);
    }

    [Fact]
    public void A_compile_with_another_rate_builds_a_new_optimizer_even_where_state_is_kept()
    {
        // Arrange
        var scenario = new Scenario(OneWeight, Two, OneSample,
            [new Compile(0.1f, KerasOptimizer.Momentum), Fit.Step, new Compile(0.2f, KerasOptimizer.Momentum), Fit.Step]);
        var run = new ScenarioRun(Two, [.. Enumerable.Repeat(Observation(Two), 4)]);

        // Act
        var second = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: true).Last();

        // Assert: a fresh velocity, −lr·g = 0.2f·2.
        Assert.Equal(2 + (0.2f * 2.0), second.Values[0], 12);
    }

    [Fact]
    public void A_refused_fit_and_a_fit_with_nothing_to_move_expect_no_values()
    {
        // Arrange
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f), Fit.Step, Fit.Step]);
        var run = new ScenarioRun(Two, [.. Enumerable.Repeat(Observation(Two), 3)]);
        var predictions = ScriptOracle.Predict(scenario);
        predictions = predictions.SetItem(1, predictions[1] with { Refused = true }).SetItem(2, predictions[2] with { Moving = [] });

        // Act
        var updates = UpdateOracle.Updates(scenario, run, predictions, keepsStateAcrossCompiles: true);

        // Assert
        Assert.Empty(updates);
    }

    [Fact]
    public void The_ulps_are_those_of_the_larger_of_the_weight_before_and_after()
    {
        // Arrange: w = 1.75, so o = 1.75 and ∂L/∂w = −2.5: SGD(0.1) takes w to 2, across a binade; the bound of
        // |∂L/∂w| is 2(1.75 + 3) = 9.5.
        var before = new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 1.75f })]);
        var scenario = new Scenario(OneWeight, before, OneSample, [new Compile(0.1f), Fit.Step]);
        var run = new ScenarioRun(before, [Observation(before), Observation(before)]);

        // Act
        var update = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Single();

        // Assert: 2 ulps of 2 (2.38e-7 each), not of 1.75 (1.19e-7 each).
        Assert.Equal((2 * 2.384185791015625e-7) + (1e-4 * 0.1f * 9.5), update.Tolerance[0], 12);
    }

    [Fact]
    public void Under_adam_a_weight_with_no_gradient_has_a_finite_tolerance()
    {
        // Arrange: y = o = 2, so ∂L/∂w = 0 and √v = 0 at the first step.
        var scenario = new Scenario(
            OneWeight, Two, new TrainingData([[1f]], [[2f]]), [new Compile(0.1f, KerasOptimizer.Adam), Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(Two)]);

        // Act
        var update = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Single();

        // Assert
        Assert.Equal(2.0, update.Values[0]);
        Assert.True(double.IsFinite(update.Tolerance[0]), $"tolerance {update.Tolerance[0]}");
    }

    [Fact]
    public void Keras_adam_adds_epsilon_to_the_root_of_v_after_folding_the_bias_correction_into_the_rate()
    {
        // Arrange
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f, KerasOptimizer.Adam), Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(Two)]);

        // Act
        var update = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false).Single();

        // Assert: lr_t = lr·√0.001/0.1, m = −0.2, √v = √0.004: w − lr_t·m/(√v + 1e-7), lr the float 0.1f.
        Assert.Equal(2.099999843376481, update.Values[0], 12);
    }

    [Fact]
    public void The_gradient_model_names_a_batch_normalization_it_cannot_compute()
    {
        // Arrange
        var tree = new TreeDescription(
            1,
            [
                new BatchNormDescription("bn1"),
                new DenseDescription("d1", ActivationKind.Linear, UseBias: false),
                new ContainerDescription("model", ["bn1", "d1"]),
            ],
            "model");

        // Act
        var e = Assert.Throws<InvalidDescriptionException>(() => GradientOracle.Of(tree, Two, OneSample));

        // Assert
        Assert.Equal("The gradient model computes dense layers and containers only, but node 'bn1' is a batch normalization.", e.Message);
    }

    [Fact]
    public void Missing_arguments_are_argument_errors()
    {
        // Arrange
        var scenario = new Scenario(OneWeight, Two, OneSample, [new Compile(0.1f), Fit.Step]);
        var run = new ScenarioRun(Two, [Observation(Two), Observation(Two)]);

        // Act and Assert: the updates are computed lazily, so the arguments are checked at the first enumeration.
        var noScenario = Assert.Throws<ArgumentNullException>(() => UpdateOracle.Updates(null!, run, [], true).ToArray());
        var noRun = Assert.Throws<ArgumentNullException>(() => UpdateOracle.Updates(scenario, null!, [], true).ToArray());
        Assert.Equal("scenario", noScenario.ParamName);
        Assert.Equal("run", noRun.ParamName);
        Assert.Equal("tree", Assert.Throws<ArgumentNullException>(() => GradientOracle.Of(null!, Two, OneSample)).ParamName);
        Assert.Equal("weights", Assert.Throws<ArgumentNullException>(() => GradientOracle.Of(OneWeight, null!, OneSample)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => GradientOracle.Of(OneWeight, Two, null!)).ParamName);
    }

    [Fact]
    public void The_gradient_model_refuses_data_that_does_not_fit_the_trees_width()
    {
        // Arrange: a width-2 tree and a sample of one value.
        var tree = new TreeDescription(
            2, [new DenseDescription("d1", ActivationKind.Linear, UseBias: false), new ContainerDescription("model", ["d1"])], "model");
        var weights = new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 1f, 0f, 0f, 1f })]);

        // Act
        var e = Assert.Throws<InvalidDescriptionException>(() => GradientOracle.Of(tree, weights, new TrainingData([[1f]], [[1f, 1f]])));

        // Assert
        Assert.Contains("width", e.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200, StartSize = 60, EndSize = 60)]
    public Property The_gradient_model_agrees_with_central_differences_of_the_loss_on_any_tree()
    {
        // Arrange: trees with any activation, bias and sharing, weights far from the identity.
        var probes = Arb.From(ScenarioGenerators.GradientProbes, ScenarioShrinker.Shrink);

        return Prop.ForAll(probes, probe =>
        {
            // Act
            var gradient = GradientOracle.Of(probe.Tree, probe.Weights, probe.Data);

            // Assert: both in double precision, so only the difference's truncation (h² ≈ 1e-12) separates them.
            foreach (var (name, values) in gradient.Gradient)
            {
                var differences = LossOracle.CentralDifferences(probe.Tree, probe.Weights, probe.Data, name, h: 1e-5);
                for (var i = 0; i < values.Length; i++)
                {
                    var fd = differences[i];
                    Assert.True(
                        Math.Abs(values[i] - fd) <= 1e-6 * (1 + Math.Abs(fd)),
                        $"∂L/∂{name}[{i}] = {values[i]}, central difference {fd}, in {probe}");
                    Assert.True(
                        gradient.Magnitude[name][i] >= Math.Abs(values[i]) - 1e-12,
                        $"the magnitude of {name}[{i}] is below the gradient's size");
                }
            }
        });
    }

    private static Observation Observation(WeightSet weights) =>
        new(ImmutableSortedDictionary<string, bool>.Empty, [], null, weights);
}
