using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Profiles;

/// <summary>
/// TensorFlow.js 4.22's three departures, worked by hand: a weight in two containers is listed and stepped twice, a
/// fit warns by count, and the optimizer keeps its state by position in the compile's list.
/// </summary>
public sealed class TfjsProfileTests
{
    private static readonly FrameworkProfile Tfjs = FrameworkProfiles.Tfjs422;

    // model[a[d1] b[d1]] and model[d1 d1] compute the same function: d1 applied twice.
    private static readonly TreeDescription TwoContainers =
        new(1, [Dense("d1"), Box("a", "d1"), Box("b", "d1"), Box("model", "a", "b")], "model");

    private static readonly TreeDescription CalledTwice = new(1, [Dense("d1"), Box("model", "d1", "d1")], "model");

    private static readonly TreeDescription TwoLayers = new(1, [Dense("d1"), Dense("d2"), Box("model", "d1", "d2")], "model");

    private static readonly TrainingData OneSample = new([[1f]], [[3f]]);

    [Fact]
    public void A_layer_in_two_containers_is_listed_twice_but_one_container_calling_it_twice_lists_it_once()
    {
        var inTwo = Tfjs.Predict(On(TwoContainers, Weights(("d1/kernel", 1f)), new Compile(1f), Fit.Step));
        var calledTwice = Tfjs.Predict(On(CalledTwice, Weights(("d1/kernel", 1f)), new Compile(1f), Fit.Step));
        var keras = FrameworkProfiles.Keras216.Predict(On(TwoContainers, Weights(("d1/kernel", 1f)), new Compile(1f), Fit.Step));

        Assert.Equal<string>(["d1/kernel", "d1/kernel"], inTwo[0].CollectedList!.Value);
        Assert.Equal(["d1/kernel"], inTwo[0].Collected!);
        Assert.Equal<string>(["d1/kernel"], calledTwice[0].CollectedList!.Value);
        Assert.Equal<string>(["d1/kernel"], keras[0].CollectedList!.Value);
    }

    [Fact]
    public void A_layer_in_two_containers_takes_twice_the_step_of_a_layer_one_container_calls_twice()
    {
        // Arrange: k = 1, x = 1, y = 3: o = k² = 1, ∂L/∂k = 2(o − y)·2k·x = −8 in both trees; lr = 0.01.
        var weights = Weights(("d1/kernel", 1f));
        var inTwo = On(TwoContainers, weights, new Compile(0.01f), Fit.Step);
        var calledTwice = On(CalledTwice, weights, new Compile(0.01f), Fit.Step);

        // Act
        var twice = UpdateOracle.Updates(inTwo, Held(inTwo), Tfjs.Predict(inTwo), Tfjs).Single();
        var once = UpdateOracle.Updates(calledTwice, Held(calledTwice), Tfjs.Predict(calledTwice), Tfjs).Single();

        // Assert: 1 + 0.08 once, 1 + 2·0.08 in two containers, from the one gradient.
        Assert.Equal(-8, twice.Gradient[0], 12);
        Assert.Equal(1 + (0.01f * 8.0), once.Values[0], 12);
        Assert.Equal(1 + (2 * 0.01f * 8.0), twice.Values[0], 12);
        Assert.Equal(2 * (once.Values[0] - 1), twice.Values[0] - 1, 12);
    }

    [Fact]
    public void A_fit_warns_when_the_count_changed_naming_nothing_and_is_silent_when_two_flags_swap()
    {
        var frozen = Tfjs.Predict(On(TwoLayers, Ones(), new Compile(1f), new SetTrainable("d1", false), Fit.Step));
        ScriptStep[] swap =
            [new SetTrainable("d2", false), new Compile(1f), new SetTrainable("d1", false), new SetTrainable("d2", true), Fit.Step];
        var swapped = Tfjs.Predict(On(TwoLayers, Ones(), swap));
        var keras = FrameworkProfiles.Keras216.Predict(On(TwoLayers, Ones(), swap));

        Assert.Same(StaleWarning.ByCount, frozen[^1].Warning);
        Assert.False(frozen[^1].Warning!.NamesWeights);
        Assert.Null(swapped[^1].Warning);
        Assert.Equal(new StaleWarning(["d2/kernel"], ["d1/kernel"]), keras[^1].Warning);
    }

    [Fact]
    public void After_a_recompile_drops_d1_d2_steps_with_the_velocity_built_for_d1()
    {
        // Arrange: d1 = 1, d2 = 2 held still, x = 1, y = 3: o = 2, ∂L/∂d1 = 2(o − y)·d2 = −4, ∂L/∂d2 = 2(o − y)·d1 = −2.
        Compile momentum = new(0.1f, KerasOptimizer.Momentum);
        var weights = Weights(("d1/kernel", 1f), ("d2/kernel", 2f));
        var scenario = On(TwoLayers, weights, momentum, Fit.Step, Fit.Step, new SetTrainable("d1", false), momentum, Fit.Step);

        // Act
        var byPosition = UpdateOracle.Updates(scenario, Held(scenario), Tfjs.Predict(scenario), Tfjs).Last();
        var perWeight = UpdateOracle.Updates(
            scenario, Held(scenario), FrameworkProfiles.Keras3.Predict(scenario), FrameworkProfiles.Keras3).Last();

        // Assert: position 0 held d1's velocity 0.4, then 0.9·0.4 + 0.4 = 0.76; d2 takes it on: 0.9·0.76 + 0.2 = 0.884.
        // Per weight, d2's own: 0.2, 0.38, then 0.9·0.38 + 0.2 = 0.542.
        Assert.Equal(("d2/kernel", 5), (byPosition.Weight, byPosition.Step));
        Assert.Equal(2.884, byPosition.Values[0], 6);
        Assert.Equal(2.542, perWeight.Values[0], 6);
    }

    [Fact]
    public void When_a_recompile_puts_a_bias_where_a_kernel_built_its_state_the_fit_throws_after_the_entries_before_it()
    {
        // Arrange: model[d1 d2(bias)]; after d1 is frozen the list is [d2/kernel d2/bias] and position 1 holds d2/kernel's velocity.
        var tree = new TreeDescription(
            1, [Dense("d1"), new DenseDescription("d2", ActivationKind.Linear, UseBias: true), Box("model", "d1", "d2")], "model");
        Compile momentum = new(0.1f, KerasOptimizer.Momentum);
        var weights = Weights(("d1/kernel", 1f), ("d2/kernel", 2f), ("d2/bias", 0f));
        var scenario = On(tree, weights, momentum, Fit.Step, new SetTrainable("d1", false), momentum, Fit.Step);

        // Act
        var predictions = Tfjs.Predict(scenario);
        var updates = UpdateOracle.Updates(scenario, Held(scenario), predictions, Tfjs).Where(u => u.Step == 4).ToArray();

        // Assert: d2/kernel steps on d1's velocity (0.9·0.4 + 0.2 = 0.56); d2/bias does not move; with SGD nothing throws.
        Assert.Equal<string>(["d2/kernel", "d2/bias"], predictions[3].CollectedList!.Value);
        Assert.True(predictions[4].Refused);
        Assert.Equal(1, predictions[4].ThrowsAtPosition);
        Assert.Equal(["d2/kernel"], predictions[4].Moving);
        Assert.Equal(2.56, Assert.Single(updates).Values[0], 6);
        var sgd = On(tree, weights, new Compile(0.1f), Fit.Step, new SetTrainable("d1", false), new Compile(0.1f), Fit.Step);
        Assert.False(Tfjs.Predict(sgd)[^1].Refused);
    }

    [Fact]
    public void The_rule_sentence_names_the_three()
    {
        Assert.Contains("a weight in two containers is listed, and stepped, twice", Tfjs.Rule, StringComparison.Ordinal);
        Assert.Contains("a fit warns when the count of trainable weights changed since", Tfjs.Rule, StringComparison.Ordinal);
        Assert.Contains("optimizer state by position in the list", Tfjs.Rule, StringComparison.Ordinal);
        Assert.True(Tfjs.KeepsOptimizerStateByPosition);
        Assert.DoesNotContain(FrameworkProfiles.All.Where(p => p != Tfjs), p => p.KeepsOptimizerStateByPosition);
    }

    private static WeightSet Weights(params (string Name, float Value)[] weights) =>
        new(weights.Select(w => KeyValuePair.Create(w.Name, new[] { w.Value })));

    private static WeightSet Ones() => Weights(("d1/kernel", 1f), ("d2/kernel", 1f));

    private static Scenario On(TreeDescription tree, WeightSet weights, params ScriptStep[] script) =>
        new Scenario(tree, weights, OneSample, [.. script]).Validated();

    // A run that holds the initial weights at every step, so each fit's gradient is the one worked above.
    private static ScenarioRun Held(Scenario scenario) =>
        new(scenario.InitialWeights, [.. scenario.Script.Select(_ => new Observation(
            ImmutableSortedDictionary<string, bool>.Empty, [], null, scenario.InitialWeights))]);
}
