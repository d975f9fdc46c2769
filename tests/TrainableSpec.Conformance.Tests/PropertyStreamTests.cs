using System.Collections.Concurrent;
using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// The properties of a derived suite draw their scenarios each from its own stream (<see cref="CheckSettings.Stream"/>):
/// two properties of one run meet different scenarios, and a property meets the same ones in every run.
/// </summary>
public sealed class PropertyStreamTests(ITestOutputHelper output)
{
    [Fact]
    public void Two_properties_of_one_run_meet_different_scenarios_and_each_meets_the_same_ones_again()
    {
        // Arrange
        var first = new Suite(output);
        var again = new Suite(output);
        var second = new Suite(output);

        // Act
        first.A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile();
        again.A_weight_changes_exactly_when_every_flag_on_some_path_was_true_at_the_last_compile();
        second.The_collected_weights_are_the_oracles_trainable_weights_each_once();

        // Assert
        Assert.Equal(20, first.Seen.Count);
        Assert.Equal(first.Seen.Order(StringComparer.Ordinal), again.Seen.Order(StringComparer.Ordinal));
        Assert.Empty(first.Seen.Intersect(second.Seen));
    }

    // Not public, so xunit does not run it as a suite of its own; the test above calls into it.
    private sealed class Suite(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        public ConcurrentBag<string> Seen { get; } = [];

        protected override ITrainableImplementation CreateImplementation() => new Recording(new NaiveEngine(Mistake.None), Seen);

        protected override bool SupportsGradients => false;

        protected override CheckSettings Settings => CheckSettings.Default with { MaxTest = 20 };
    }

    private sealed class Recording(ITrainableImplementation inner, ConcurrentBag<string> seen) : ITrainableImplementation
    {
        public string Name => inner.Name;

        public ScenarioRun Run(Scenario scenario)
        {
            seen.Add(scenario.ToString());
            return inner.Run(scenario);
        }

        public GradientReport Gradients(GradientProbe probe) => inner.Gradients(probe);
    }
}
