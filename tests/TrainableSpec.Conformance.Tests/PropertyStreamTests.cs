using System.Collections.Concurrent;
using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
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

    [Fact]
    public void A_suites_property_meets_the_cases_its_row_draws_from_the_stream_of_its_name_as_check_does()
    {
        // Arrange
        var suite = new Suite(output);
        var row = TrainabilityProperties.Suite.Single(p => p.Name == nameof(suite.Every_flag_reads_back_as_last_assigned_to_its_own_node));

        // Act
        suite.Every_flag_reads_back_as_last_assigned_to_its_own_node();
        var direct = DrawnByRow(row.Name, row.Build);

        // Assert
        Assert.Equal(20, suite.Seen.Count);
        Assert.Equal(direct, suite.Seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_profile_suites_property_meets_the_cases_its_row_draws_from_the_stream_of_its_name_as_check_does()
    {
        // Arrange
        var suite = new ProfileSuite(output);
        var row = ProfileProperties.Suite.Single(p => p.Name == nameof(suite.Every_flag_reads_back_as_the_profiles_setter_wrote_it));

        // Act
        suite.Every_flag_reads_back_as_the_profiles_setter_wrote_it();
        var direct = DrawnByRow(row.Name, row.Build);

        // Assert
        Assert.Equal(20, suite.Seen.Count);
        Assert.Equal(direct, suite.Seen.Order(StringComparer.Ordinal));
    }

    // The scenarios a suite's row meets when run directly, 20 cases from the stream of its name, as check runs it.
    private static string[] DrawnByRow(string name, Func<SuiteTarget, FsCheck.Property> build)
    {
        var seen = new ConcurrentBag<string>();
        PropertyCheck.Run(
            name,
            () => build(new SuiteTarget(new Recording(new NaiveEngine(Mistake.None), seen), FrameworkProfiles.Keras216)),
            20,
            CheckSettings.Default.ForProperty(name));
        return [.. seen.Order(StringComparer.Ordinal)];
    }

    // Not public, so xunit does not run it as a suite of its own; the tests above call into it.
    private sealed class Suite(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        public ConcurrentBag<string> Seen { get; } = [];

        protected override ITrainableImplementation CreateImplementation() => new Recording(new NaiveEngine(Mistake.None), Seen);

        protected override bool SupportsGradients => false;

        protected override CheckSettings Settings => CheckSettings.Default with { MaxTest = 20 };
    }

    private sealed class ProfileSuite(ITestOutputHelper output) : ProfileSpecificationTests(output)
    {
        public ConcurrentBag<string> Seen { get; } = [];

        protected override FrameworkProfile Profile => FrameworkProfiles.Keras216;

        protected override ITrainableImplementation CreateImplementation() => new Recording(new NaiveEngine(Mistake.None), Seen);

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
