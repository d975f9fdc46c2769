using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles.PyTorch;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Profiles;

/// <summary>torch's optimizer steps, worked by hand on one weight: w = 2, x = 1, y = 3, so ∂L/∂w = −2 and its magnitude 10.</summary>
public sealed class PyTorchUpdateOracleTests
{
    private static readonly WeightSet Two = new([KeyValuePair.Create("d1/kernel", new[] { 2f })]);

    [Theory]
    [InlineData(OptimizerKind.Sgd, 2.2, 1.0047684e-4)]             // w − lr·g; bound lr·10
    [InlineData(OptimizerKind.SgdMomentum, 2.2, 1.0047684e-4)]     // the buffer starts as g itself, not (1 − dampening)·g
    [InlineData(OptimizerKind.SgdWeightDecay, 2.0, 1.2047684e-4)]  // d = g + 1.0·w = 0; bound lr·(10 + |w|)
    [InlineData(OptimizerKind.Adam, 2.1, 1.0047684e-4)]            // lr/(1 − β₁)·m/(√v/√(1 − β₂) + ε) = lr·2/(2 + ε): lr·sign(g)
    public void One_step_is_torchs_formula_worked_by_hand(OptimizerKind kind, double expected, double tolerance)
    {
        // Arrange
        var scenario = Scenario(kind, ZeroGradMode.SetToNone, [TrainStep.Step]);

        // Act
        var update = PyTorchUpdateOracle.Updates(scenario, Held(scenario)).Single();

        // Assert
        Assert.Equal(0, update.Step);
        Assert.Equal(-2.0, update.Gradient[0], 12);
        Assert.Equal(expected, update.Values[0], 6);
        Assert.Equal(tolerance, update.Tolerance[0], 11);
    }

    [Fact]
    public void Torchs_adam_adds_epsilon_after_the_bias_correction()
    {
        // Arrange
        var scenario = Scenario(OptimizerKind.Adam, ZeroGradMode.SetToNone, [TrainStep.Step]);

        // Act
        var update = PyTorchUpdateOracle.Updates(scenario, Held(scenario)).Single();

        // Assert: (lr/0.1)·0.2/(2 + 1e-8), lr the float 0.1f; Keras' placement, 0.2/(0.0632456 + 1e-7)·(lr·0.316228), differs at 1e-6.
        Assert.Equal(2 + (0.1f / 0.1 * 0.2 / (2 + 1e-8)), update.Values[0], 12);
    }

    [Fact]
    public void Momentum_adds_the_buffer_from_the_second_step_on()
    {
        // Arrange
        var scenario = Scenario(OptimizerKind.SgdMomentum, ZeroGradMode.SetToNone, [TrainStep.Step, TrainStep.Step]);

        // Act
        var second = PyTorchUpdateOracle.Updates(scenario, Held(scenario)).Last();

        // Assert: buf = 0.9·(−2) + (−2) = −3.8; bound 0.9·10 + 10 = 19.
        Assert.Equal(2.38, second.Values[0], 6);
        Assert.Equal(1.9047684e-4, second.Tolerance[0], 11);
    }

    [Fact]
    public void A_zeroed_gradient_still_steps_the_momentum_and_a_null_one_skips_the_parameter_and_its_state()
    {
        // Arrange: frozen after one step, then stepped once more and unfrozen for a third.
        ImmutableArray<TorchStep> script =
            [TrainStep.Step, new RequiresGrad("d1", false), TrainStep.Step, new RequiresGrad("d1", true), TrainStep.Step];
        var zeroed = Scenario(OptimizerKind.SgdMomentum, ZeroGradMode.Zero, script);
        var none = Scenario(OptimizerKind.SgdMomentum, ZeroGradMode.SetToNone, script);

        // Act
        var withZeros = PyTorchUpdateOracle.Updates(zeroed, Held(zeroed)).ToArray();
        var withNone = PyTorchUpdateOracle.Updates(none, Held(none)).ToArray();

        // Assert: zeros give buf = 0.9·(−2) = −1.8, so w = 2.18; null leaves the buffer at −2 for the next step (−3.8).
        Assert.Equal([0, 2, 4], withZeros.Select(u => u.Step));
        Assert.Equal(2.18, withZeros[1].Values[0], 6);
        Assert.Equal(0.0, withZeros[1].Gradient[0]);
        Assert.Equal([0, 4], withNone.Select(u => u.Step));
        Assert.Equal(2.38, withNone[1].Values[0], 6);
    }

    [Fact]
    public void Each_step_starts_from_the_weights_the_implementation_held_after_the_step_before_it()
    {
        // Arrange: after the first step w = 2.2, so ∂L/∂w = 2(2.2 − 3) = −1.6.
        var scenario = Scenario(OptimizerKind.Sgd, ZeroGradMode.SetToNone, [TrainStep.Step, TrainStep.Step]);
        var moved = new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 2.2f })]);
        var run = new PyTorchRun(Two, [Observation(moved), Observation(moved)]);

        // Act
        var second = PyTorchUpdateOracle.Updates(scenario, run).Last();

        // Assert
        Assert.Equal(-1.6, second.Gradient[0], 6);
        Assert.Equal(2.36, second.Values[0], 6);
    }

    [Fact]
    public void Missing_arguments_are_argument_errors()
    {
        var scenario = Scenario(OptimizerKind.Sgd, ZeroGradMode.SetToNone, [TrainStep.Step]);

        var noScenario = Assert.Throws<ArgumentNullException>(() => PyTorchUpdateOracle.Updates(null!, Held(scenario)).ToArray());
        var noRun = Assert.Throws<ArgumentNullException>(() => PyTorchUpdateOracle.Updates(scenario, null!).ToArray());

        Assert.Equal("scenario", noScenario.ParamName);
        Assert.Equal("run", noRun.ParamName);
    }

    [Fact]
    public void Under_adam_a_parameter_with_no_gradient_has_a_finite_tolerance()
    {
        // Arrange: y = o = 2, so the gradient and √v are 0 at the first step.
        var adam = Scenario(OptimizerKind.Adam, ZeroGradMode.SetToNone, [TrainStep.Step]);
        var scenario = adam with { Data = new TrainingData([[1f]], [[2f]]) };

        // Act
        var update = PyTorchUpdateOracle.Updates(scenario, Held(scenario)).Single();

        // Assert
        Assert.Equal(2.0, update.Values[0]);
        Assert.True(double.IsFinite(update.Tolerance[0]), $"tolerance {update.Tolerance[0]}");
    }

    private static PyTorchScenario Scenario(OptimizerKind kind, ZeroGradMode zeroGrad, ImmutableArray<TorchStep> script) =>
        new(new TreeDescription(1, [Dense("d1"), Box("model", "d1")], "model"), Two, new TrainingData([[1f]], [[3f]]),
            new OptimizerChoice(kind, 0.1f), zeroGrad, script);

    /// <summary>A run in which the weights stay at 2, so each step's arithmetic is the formula's alone.</summary>
    private static PyTorchRun Held(PyTorchScenario scenario) => new(Two, [.. scenario.Script.Select(_ => Observation(Two))]);

    private static PyTorchObservation Observation(WeightSet weights) => new(ImmutableSortedDictionary<string, bool>.Empty, weights);
}
