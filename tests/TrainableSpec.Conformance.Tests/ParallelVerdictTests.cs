using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// The suite's properties on an engine, run on several threads and in shards, must give what one thread gives from the
/// same seed: the same report, word for word — the verdict, the failing case, its shrunk counterexample and the replay
/// line, or for a pass the same table of classified cases.
/// </summary>
public sealed class ParallelVerdictTests(ITestOutputHelper output)
{
    private const int Cases = 100;

    public static TheoryData<Mistake, int> Engines { get; } = new()
    {
        // A correct engine passes; from the run's seed itself (no property stream), the mistakes fail at the 8th, 24th and
        // 15th case, so that threads and shards have cases before the failing one to agree on.
        { Mistake.None, 0 },
        { Mistake.IgnoresContainerFlags, 0 },
        { Mistake.IgnoresContainerFlagsBelowDepthOne, 0 },
        { Mistake.StepsOncePerUse, 6 },
    };

    [Theory]
    [MemberData(nameof(Engines))]
    public void A_property_run_on_three_threads_reports_exactly_what_one_thread_reports(Mistake mistake, int row)
    {
        // Act
        var single = Check(mistake, row, CheckSettings.Default);
        var parallel = Check(mistake, row, CheckSettings.Default with { Workers = 3 });

        // Assert
        output.WriteLine(single.Message);
        Assert.Equal(mistake == Mistake.None, single.Passed);
        Assert.Equal(single.Message, parallel.Message);
        Assert.Equal(single.Shrunk.Select(a => a.ToString()), parallel.Shrunk.Select(a => a.ToString()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void The_first_failing_shard_reports_the_single_runs_failure_and_every_shard_passes_when_the_run_does(Mistake mistake, int row)
    {
        // Arrange
        var single = Check(mistake, row, CheckSettings.Default);

        // Act
        var shards = Enumerable.Range(1, 4)
            .Select(i => Check(mistake, row, CheckSettings.Default with { Workers = 2, Shard = new(i, 4) }))
            .ToArray();

        // Assert
        var failing = shards.FirstOrDefault(s => !s.Passed);
        Assert.Equal(single.Passed, failing is null);
        if (failing is null)
        {
            Assert.Equal(Cases, shards.Sum(s => s.CasesRun));
        }
        else
        {
            Assert.Equal(single.Message, failing.Message);
        }
    }

    private static PropertyReport Check(Mistake mistake, int row, CheckSettings settings)
    {
        var property = TrainabilityProperties.Suite[row];
        return PropertyCheck.Run(
            property.Name,
            () => property.Build(new SuiteTarget(new NaiveEngine(mistake), FrameworkProfiles.Keras216)),
            Cases,
            settings);
    }
}
