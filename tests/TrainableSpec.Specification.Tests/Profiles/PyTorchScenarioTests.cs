using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles.PyTorch;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Profiles;

public sealed class PyTorchScenarioTests
{
    private static PyTorchScenario Valid()
    {
        var tree = new TreeDescription(1, [Dense("d1"), Box("model", "d1")], "model");
        return new PyTorchScenario(tree, new WeightSet([KeyValuePair.Create("d1/kernel", new[] { 1f })]), new TrainingData([[1f]], [[2f]]),
            new OptimizerChoice(OptimizerKind.SgdMomentum, 0.1f), ZeroGradMode.Zero,
            [TrainStep.Step, new RequiresGrad("d1", false), TrainStep.Step]);
    }

    [Fact]
    public void The_oracle_moves_a_frozen_parameter_with_momentum_left_over_and_a_zeroed_gradient()
    {
        var predictions = PyTorchOracle.Predict(Valid());

        Assert.Equal(["d1/kernel"], predictions[2].Moving);
        Assert.False(predictions[2].RequiresGrad["d1/kernel"]);
        Assert.Empty(PyTorchOracle.Predict(Valid() with { ZeroGrad = ZeroGradMode.SetToNone })[2].Moving);
        Assert.Empty(PyTorchOracle.Predict(Valid() with { Optimizer = new OptimizerChoice(OptimizerKind.Sgd, 0.1f) })[2].Moving);
        Assert.Equal(
            ["d1/kernel"],
            PyTorchOracle.Predict(Valid() with { Optimizer = new OptimizerChoice(OptimizerKind.SgdWeightDecay, 0.1f) })[2].Moving);
    }

    [Fact]
    public void A_parameter_frozen_before_any_step_never_gets_state_so_even_momentum_leaves_it()
    {
        var scenario = Valid() with { Script = [new RequiresGrad("model", false), TrainStep.Step, TrainStep.Step] };

        Assert.All(PyTorchOracle.Predict(scenario), p => Assert.Empty(p.Moving));
    }

    [Fact]
    public void Unknown_nodes_and_bad_learning_rates_are_rejected()
    {
        var node = Assert.Throws<InvalidDescriptionException>(() =>
            (Valid() with { Script = [new RequiresGrad("nope", true)] }).Validated());
        var rate = Assert.Throws<InvalidDescriptionException>(() =>
            (Valid() with { Optimizer = new OptimizerChoice(OptimizerKind.Adam, 0f) }).Validated());

        Assert.Contains("names 'nope', which is not a node", node.Message);
        Assert.Contains("Learning rate 0 must be positive", rate.Message);
    }

    [Fact]
    public void Scenarios_compare_by_value_and_print_their_script()
    {
        Assert.Equal(Valid(), Valid());
        Assert.Equal(Valid().GetHashCode(), Valid().GetHashCode());
        Assert.NotEqual(Valid(), Valid() with { ZeroGrad = ZeroGradMode.SetToNone });
        Assert.Contains("script: step; d1.requires_grad_(False); step", Valid().ToString());
        Assert.Contains("SgdMomentum(lr=0.1)", Valid().ToString());
    }

    [Property(MaxTest = 200, StartSize = 60, EndSize = 60)]
    public Property Shrinking_a_generated_scenario_keeps_it_valid_and_no_larger()
    {
        return Prop.ForAll(PyTorchGenerators.Scenarios.ToArbitrary(), s =>
        {
            Assert.All(PyTorchShrinker.Shrink(s), c =>
            {
                c.Validated();
                Assert.True(c.Tree.Nodes.Length <= s.Tree.Nodes.Length && c.Script.Length <= s.Script.Length);
            });
            Assert.InRange(s.Script.Count(step => step is TrainStep), 1, PyTorchGenerators.MaxSteps);
        });
    }
}
