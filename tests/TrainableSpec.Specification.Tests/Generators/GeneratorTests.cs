using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Properties;
using Xunit.Abstractions;

namespace TrainableSpec.Specification.Tests.Generators;

/// <summary>The generated cases are valid, within their bounds, and not trivial.</summary>
public sealed class GeneratorTests(ITestOutputHelper output)
{
    private static readonly Scenario[] Sample =
        [.. Enumerable.Range(0, 10).SelectMany(i =>
            Gen.Sample(ScenarioGenerators.Scenarios, 100, new Rnd(20180416UL + (ulong)i, 0x9E3779B97F4A7C15UL), 10 * (i + 1)))];

    [Property(MaxTest = 1_000, StartSize = 10, EndSize = 100)]
    public Property Every_generated_scenario_is_valid_and_within_the_bounds_that_keep_movement_above_rounding()
    {
        return Prop.ForAll(ScenarioGenerators.Scenarios.ToArbitrary(), s =>
        {
            Assert.True(s.IsValid, s.ToString());
            Assert.InRange(s.Tree.ForwardLength, 1, TreeGenerators.MaxForwardLength);
            Assert.InRange(s.Tree.Depth, 0, TreeGenerators.MaxDepth);
            Assert.InRange(s.Script.Count(step => step is Fit), 1, ScenarioGenerators.MaxFits);
            Assert.All(s.Data.Y.SelectMany(r => r), y => Assert.InRange(y, 10f, 12f));
            Assert.All(s.Data.X.SelectMany(r => r), x => Assert.InRange(x, 0.5f, 1f));
        });
    }

    [Fact]
    public void Generated_scenarios_share_nest_freeze_and_change_flags_after_compile_often()
    {
        var shared = Fraction(s => s.Tree.UseCounts().Any(u => u.Value > 1));
        var sharedAcrossContainers = Fraction(s => s.Tree.Containers.Count(c => c.Calls.Any(call => s.Tree.UseCounts()[call] > 1)) > 1);
        var nested = Fraction(s => s.Tree.Depth >= 2);
        var frozen = Fraction(s => TrainabilityOracle.FrozenPaths(s.Tree, ScriptOracle.Predict(s)[^1].Flags) > 0);
        var stale = Fraction(s => ScriptOracle.Predict(s).Any(p => p.Warning is not null));
        output.WriteLine(
            $"shared {shared:P0}, shared across containers {sharedAcrossContainers:P0}, nested ≥ 2 {nested:P0}, "
            + $"some frozen path {frozen:P0}, flag changed after compile {stale:P0}");

        Assert.InRange(shared, 0.2, 1);
        Assert.InRange(sharedAcrossContainers, 0.05, 1);
        Assert.InRange(nested, 0.15, 1);
        Assert.InRange(frozen, 0.5, 1);
        Assert.InRange(stale, 0.2, 1);
    }

    [Fact]
    public void Trees_grow_with_size_and_a_third_are_at_full_depth_at_every_size()
    {
        var small = Gen.Sample(TreeGenerators.LinearTrees(), 300, new Rnd(1, 3), 1);
        var large = Gen.Sample(TreeGenerators.LinearTrees(), 300, new Rnd(1, 3), 100);

        Assert.All(small.Where(t => t.Depth < TreeGenerators.MaxDepth), t => Assert.InRange(t.Nodes.Length, 2, 3));
        Assert.InRange(small.Count(t => t.Depth == TreeGenerators.MaxDepth) / 300.0, 0.25, 0.42);
        Assert.True(large.Average(t => t.Nodes.Length) > 6, $"average {large.Average(t => t.Nodes.Length)} nodes at size 100");
        Assert.Contains(large, t => t.ForwardLength > 12);
    }

    [Fact]
    public void The_first_100_cases_of_a_run_meet_deep_trees_and_layers_shared_across_two_containers_many_times()
    {
        // Arrange: the very cases a 100-case run of a property draws from the default seed.
        var first = new List<Scenario>();
        PropertyCheck.Run(
            "record",
            Prop.ForAll(TrainabilityProperties.Scenarios, s => { first.Add(s); return true; }),
            100,
            CheckSettings.Default);

        // Act
        var deep = first.Count(s => s.Tree.Depth >= 3);
        var sharedAcrossContainers = first.Count(s => s.Tree.Containers.Count(c => c.Calls.Any(call => s.Tree.UseCounts()[call] > 1)) > 1);
        var withBias = first.Count(s => s.Tree.Layers.Any(l => l.UseBias));
        output.WriteLine(
            $"of the first 100: depth ≥ 3 in {deep}, shared across two containers in {sharedAcrossContainers}, a bias in {withBias}");

        // Assert
        Assert.True(deep >= 25, $"only {deep} of the first 100 cases have depth ≥ 3");
        Assert.True(
            sharedAcrossContainers >= 20,
            $"only {sharedAcrossContainers} of the first 100 cases share a node across two containers");
        Assert.True(withBias >= 50, $"only {withBias} of the first 100 cases have a bias");
    }

    [Property(MaxTest = 200, StartSize = 10, EndSize = 20)]
    public Property Training_kernels_start_near_the_identity_with_no_negative_entry()
    {
        return Prop.ForAll(ScenarioGenerators.Scenarios.ToArbitrary(), s => Assert.All(s.InitialWeights.Names, n =>
        {
            var values = s.InitialWeights[n];
            for (var i = 0; i < values.Length; i++)
            {
                var diagonal = n.EndsWith("/kernel", StringComparison.Ordinal) && i % (s.Tree.Width + 1) == 0;
                Assert.InRange(values[i], diagonal ? 1f : 0f, diagonal ? 1.01f : 0.01f);
            }
        }));
    }

    private static double Fraction(Func<Scenario, bool> predicate) => Sample.Count(predicate) / (double)Sample.Length;
}
