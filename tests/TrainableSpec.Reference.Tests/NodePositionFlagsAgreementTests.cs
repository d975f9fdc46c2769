using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Reference.Tests;

/// <summary>
/// The reference engine reports its flags by node position (<c>Observation.ByNodePosition</c>), and the checks compare
/// them by position without making a dictionary; the same observations by name must get the very same verdicts. Every
/// engine mode's runs are checked against every profile, so that flags read back wrong (a setter that writes below its
/// node, checked against a profile whose setter does not) are met as often as flags read back right.
/// </summary>
public sealed class NodePositionFlagsAgreementTests
{
    [Fact]
    public void Every_check_gives_the_same_verdict_on_flags_by_node_position_and_by_name()
    {
        // Arrange: small and large trees from a fixed seed.
        var scenarios = Enumerable.Range(0, 4)
            .SelectMany(i => Gen.Sample(ScenarioGenerators.Scenarios, 10, new Rnd(41UL + (ulong)i, 0x9E3779B97F4A7C15UL), 25 * (i + 1)))
            .ToArray();
        var (compared, flagFailures) = (0, 0);

        foreach (var mode in ReferenceModes.All)
        {
            var engine = mode.Implementation();
            foreach (var scenario in scenarios)
            {
                var run = engine.Run(scenario);
                // The engine reports by node position, so the checks below take that path: an observation by name is
                // another observation than one by node position (Observation's equality).
                Assert.NotEqual(run.Steps[0], ByName(run.Steps[0]));
                var byName = run with { Steps = [.. run.Steps.Select(ByName)] };
                foreach (var profile in ReferenceModes.All.Select(m => m.Profile))
                {
                    // Act
                    var expected = ScenarioChecks.Failures(scenario, byName, profile);
                    var actual = ScenarioChecks.Failures(scenario, run, profile);

                    // Assert
                    Assert.Equal(expected.ToArray(), actual.ToArray());
                    flagFailures += actual.Count(f => f.Check == nameof(ScenarioChecks.FlagsReadBack));
                    compared++;
                }
            }
        }

        Assert.True(flagFailures >= 100, $"Only {flagFailures} of {compared} comparisons had flags read back wrong.");
    }

    private static Observation ByName(Observation observation) => observation with { Flags = observation.Flags };
}
