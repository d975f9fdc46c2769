using FsCheck;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Profiles.PyTorch;
using Xunit.Abstractions;

namespace TrainableSpec.TorchSharp.Tests.PyTorchProfile;

/// <summary>The PyTorch profile on TorchSharp: the stale-gradient finding, and each property's failing twin.</summary>
public sealed class PyTorchProfileTests(ITestOutputHelper output)
{
    private static readonly TorchSharpPyTorchImplementation Torch = new();

    [Fact]
    public void
        Finding_a_frozen_parameter_does_move_on_libtorch_with_zeroed_stale_gradients_and_the_case_shrinks_to_one_layer_and_two_steps()
    {
        // Act
        var report = PropertyCheck.Run(
            "frozen never moves",
            PyTorchProperties.AParameterWhoseRequiresGradIsFalseAtBackwardIsNeverMoved(Torch),
            PyTorchProperties.Cases,
            CheckSettings.Default);
        output.WriteLine(report.Message);

        // Assert
        Assert.False(report.Passed, "libtorch no longer moves frozen parameters with stale zeroed gradients.");
        var shrunk = Assert.IsType<PyTorchScenario>(report.Shrunk[0]);
        Assert.Equal(ZeroGradMode.Zero, shrunk.ZeroGrad);
        Assert.Single(shrunk.Tree.Layers);
        Assert.Equal(2, shrunk.Script.Count(s => s is TrainStep));
    }

    [Fact]
    public void Wrong_engine_whose_requires_grad_reaches_only_direct_children_fails_the_read_back_property()
    {
        var shrunk = FailsAndShrinks(PyTorchProperties.RequiresGradReadsBackAsTheLastCallOnTheParameterOrAnyModuleAboveIt(
            WrongPyTorchEngine.RequiresGradReachesOnlyDirectChildren));

        Assert.Equal(1, shrunk.Tree.Depth);
    }

    [Fact]
    public void Wrong_engine_that_always_sets_gradients_to_none_fails_the_movement_property()
    {
        var shrunk = FailsAndShrinks(PyTorchProperties.AParameterMovesExactlyWhenItsGradientIsNotNullAndItsUpdateIsNotZero(
            WrongPyTorchEngine.AlwaysSetsGradientsToNone));

        Assert.Equal(ZeroGradMode.Zero, shrunk.ZeroGrad);
    }

    [Fact]
    public void Wrong_engine_that_steps_after_every_requires_grad_call_fails_the_movement_property_at_that_call()
    {
        // The training step after the call would notice the state the extra step left only in some cases; the call itself
        // is where every parameter must stay as it was.
        var shrunk = FailsAndShrinks(
            PyTorchProperties.AParameterMovesExactlyWhenItsGradientIsNotNullAndItsUpdateIsNotZero(
                WrongPyTorchEngine.StepsAfterEveryRequiresGradCall),
            "only a training step moves a parameter");

        Assert.IsType<RequiresGrad>(shrunk.Script[0]);
    }

    [Fact]
    public void Wrong_engine_that_always_zeroes_gradients_fails_the_set_to_none_property()
    {
        var shrunk = FailsAndShrinks(PyTorchProperties.WithGradientsSetToNoneAParameterWhoseRequiresGradIsFalseAtBackwardIsNeverMoved(
            WrongPyTorchEngine.AlwaysZeroesGradients));

        Assert.Equal(2, shrunk.Script.Count(s => s is TrainStep));
    }

    [Fact]
    public void Wrong_engine_that_steps_three_times_too_far_fails_the_optimizer_step_property()
    {
        var shrunk = FailsAndShrinks(
            PyTorchProperties.AParameterWithAGradientMovesByTorchsOptimizerStep(WrongPyTorchEngine.StepsThreeTimesTooFar));

        Assert.Equal(1, shrunk.Script.Count(s => s is TrainStep));
    }

    private PyTorchScenario FailsAndShrinks(Property property, string? failure = null)
    {
        var report = PropertyCheck.Run("wrong engine", property, PyTorchProperties.Cases, CheckSettings.Default);
        output.WriteLine(report.Message);

        Assert.False(report.Passed, "The property passed on a deliberately wrong engine.");
        if (failure is not null)
        {
            Assert.Contains(failure, report.Message, StringComparison.Ordinal);
        }

        var shrunk = Assert.IsType<PyTorchScenario>(report.Shrunk[0]);
        Assert.True(shrunk.Tree.Nodes.Length <= 3, shrunk.ToString());
        return shrunk;
    }
}
