using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;

namespace TrainableSpec.Benchmarks;

/// <summary>The same generated scenarios for every benchmark: sizes 1 to 100, as a property run draws them.</summary>
internal static class ScenarioBatch
{
    public const int Count = 1_000;

    /// <summary>All the scenarios at once, for the benchmarks that run them again and again.</summary>
    public static Scenario[] Generate() => [.. Stream()];

    /// <summary>
    /// The scenarios one at a time, each drawn when asked for: a pipeline checks one before it draws the next, as a
    /// property's runner does, so no scenario outlives its case.
    /// </summary>
    public static IEnumerable<Scenario> Stream() =>
        Enumerable.Range(0, Count)
            .Select(i => Gen.Sample(
                ScenarioGenerators.Scenarios, 1, new Rnd(20180416UL + (ulong)i, 0x9E3779B97F4A7C15UL), 1 + (i % 100))[0]);
}
