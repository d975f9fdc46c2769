using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;
using Xunit.Abstractions;

namespace TrainableSpec.Specification.Tests.Generators;

/// <summary>The generated cases are valid, within their bounds, and not trivial.</summary>
public sealed class GeneratorTests(ITestOutputHelper output)
{
    private static readonly Scenario[] Sample =
        [.. Enumerable.Range(0, 10).SelectMany(i => Gen.Sample(ScenarioGenerators.Scenarios, 100, new Rnd(20180416UL + (ulong)i, 0x9E3779B97F4A7C15UL), 10 * (i + 1)))];

    [Fact]
    public void Every_generated_scenario_is_valid_and_within_the_bounds_that_keep_movement_above_rounding()
    {
        Assert.All(Sample, s =>
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
        output.WriteLine($"shared {shared:P0}, shared across containers {sharedAcrossContainers:P0}, nested ≥ 2 {nested:P0}, some frozen path {frozen:P0}, flag changed after compile {stale:P0}");

        Assert.InRange(shared, 0.2, 1);
        Assert.InRange(sharedAcrossContainers, 0.05, 1);
        Assert.InRange(nested, 0.15, 1);
        Assert.InRange(frozen, 0.5, 1);
        Assert.InRange(stale, 0.2, 1);
    }

    [Fact]
    public void Trees_grow_with_size()
    {
        var small = Gen.Sample(TreeGenerators.LinearTrees(), 200, new Rnd(1, 3), 1);
        var large = Gen.Sample(TreeGenerators.LinearTrees(), 200, new Rnd(1, 3), 100);

        Assert.All(small, t => Assert.InRange(t.Nodes.Length, 2, 3));
        Assert.True(large.Average(t => t.Nodes.Length) > 4, $"average {large.Average(t => t.Nodes.Length)} nodes at size 100");
    }

    [Fact]
    public void Training_kernels_start_near_the_identity_with_no_negative_entry()
    {
        Assert.All(Sample.Take(200), s => Assert.All(s.InitialWeights.Names, n =>
        {
            var values = s.InitialWeights[n];
            for (var i = 0; i < values.Length; i++)
            {
                var diagonal = n.EndsWith("/kernel", StringComparison.Ordinal) && i % (s.Tree.Width + 1) == 0;
                Assert.InRange(values[i], diagonal ? 1f : 0f, diagonal ? 1.05f : 0.05f);
            }
        }));
    }

    private static double Fraction(Func<Scenario, bool> predicate) => Sample.Count(predicate) / (double)Sample.Length;
}
