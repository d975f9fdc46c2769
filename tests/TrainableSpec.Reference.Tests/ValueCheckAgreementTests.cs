using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Reference.Tests;

/// <summary>
/// The value check computes each fit's expected step in place and stops at the first value off, skipping the gradient
/// at a fit that trains nothing; <c>UpdateOracle.Updates</c> (with the profile) states the same expectation plainly,
/// one update per trained weight. Held to each other on generated runs of every engine mode, right and with one value
/// moved: the check must pass exactly when every update holds, and otherwise name the first update off, at its first
/// value, with the very expected value the plain statement computes.
/// </summary>
public sealed class ValueCheckAgreementTests
{
    public static TheoryData<string> Modes { get; } = [.. ReferenceModes.All.Select(m => m.Profile.Name)];

    [Theory]
    [MemberData(nameof(Modes))]
    public void The_value_check_fails_exactly_at_the_first_update_the_oracle_finds_off(string mode)
    {
        // Arrange: plain SGD and the stateful optimizers, small and large trees, from a fixed seed.
        var (profile, engine) = (ReferenceModes.Named(mode).Profile, ReferenceModes.Named(mode).Implementation());
        var scenarios = new[] { ScenarioGenerators.Scenarios, ScenarioGenerators.ScenariosWithStatefulOptimizers }
            .SelectMany((generator, g) => Enumerable.Range(0, 4).SelectMany(i =>
                Gen.Sample(generator, 25, new Rnd(29UL + (ulong)(10 * g) + (ulong)i, 0x9E3779B97F4A7C15UL), 25 * (i + 1))));
        var check = ScenarioChecks.ValuesUnder(profile);
        var (held, moved) = (0, 0);

        foreach (var scenario in scenarios)
        {
            // Act: the engine's own run, then the same run with one expected value moved far off.
            var run = engine.Run(scenario);
            var predictions = profile.Predict(scenario);
            var updates = UpdateOracle.Updates(scenario, run, predictions, profile).ToArray();

            // Assert
            Assert.Null(FirstOff(updates, run));
            Assert.Null(check(scenario, run, predictions));
            held += updates.Length;
            if (updates.Length == 0)
            {
                continue;
            }

            var target = updates[updates.Length / 2];
            var wrong = Moved(run, target);
            var first = FirstOff(UpdateOracle.Updates(scenario, wrong, predictions, profile).ToArray(), wrong);
            Assert.NotNull(first);
            var (update, k) = first.Value;
            var failure = check(scenario, wrong, predictions);
            Assert.NotNull(failure);
            Assert.StartsWith($"At step {update.Step} (", failure, StringComparison.Ordinal);
            Assert.Contains($"{update.Weight}[{k}] went from", failure, StringComparison.Ordinal);
            Assert.Contains(
                string.Create(CultureInfo.CurrentCulture, $"the step the specification computes gives {update.Values[k]:R} ± "),
                failure,
                StringComparison.Ordinal);
            moved++;
        }

        Assert.True(held >= 100 && moved >= 50, $"Only {held} updates held and {moved} moved runs were compared.");
    }

    // The first update the run's weights after its fit do not hold, at its first value off, as the plain statement finds it.
    private static (ExpectedUpdate Update, int Index)? FirstOff(ExpectedUpdate[] updates, ScenarioRun run)
    {
        foreach (var update in updates)
        {
            if (update.FirstMismatch(run.Steps[update.Step].Weights[update.Weight]) is { } k)
            {
                return (update, k);
            }
        }

        return null;
    }

    // The run with the target's first value, after its fit, a whole unit away from what the oracle expects.
    private static ScenarioRun Moved(ScenarioRun run, ExpectedUpdate target)
    {
        var observation = run.Steps[target.Step];
        var values = observation.Weights[target.Weight].ToArray();
        values[0] = (float)(target.Values[0] + 1.0);
        var weights = observation.Weights.With(target.Weight, values);
        return run with { Steps = run.Steps.SetItem(target.Step, observation with { Weights = weights }) };
    }
}
