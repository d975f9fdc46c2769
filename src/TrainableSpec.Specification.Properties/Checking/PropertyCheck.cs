using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace TrainableSpec.Specification.Checking;

/// <summary>
/// Runs a property through FsCheck with <see cref="CheckSettings"/> and reports instead of printing. One worker and no
/// shard is FsCheck's own run (<c>Check.One</c>); several workers or a shard run each case alone from the seed and size
/// that run gives it, so the verdict, the failing case, its shrunk counterexample and the replay line are the same.
/// </summary>
public static class PropertyCheck
{
    /// <summary>
    /// Checks <paramref name="property"/> with <paramref name="cases"/> cases (unless the settings override the count), on
    /// one thread whatever <see cref="CheckSettings.Workers"/> says: one property object holds one implementation, which
    /// need not be safe to share between threads. Pass a factory (<see cref="Run(string, Func{Property}, int, CheckSettings)"/>)
    /// to run on several. A shard still applies.
    /// </summary>
    public static PropertyReport Run(string name, Property property, int cases, CheckSettings settings) =>
        Run(name, () => property, cases, settings with { Workers = 1 });

    /// <summary>
    /// Checks the property <paramref name="property"/> builds with <paramref name="cases"/> cases (unless the settings
    /// override the count); each worker thread builds its own, so its implementation is never shared between threads.
    /// </summary>
    public static PropertyReport Run(string name, Func<Property> property, int cases, CheckSettings settings)
    {
        var count = settings.Replay is null ? settings.MaxTest ?? cases : 1;
        if (settings.Replay is null && (settings.Workers > 1 || settings.Shard is not null))
        {
            return CaseDriver.Run(name, property, count, settings);
        }

        var runner = new CapturingRunner();
        var replay = settings.Replay is { } one
            ? new Replay(new Rnd(one.Seed, one.Gamma), FSharpOption<int>.Some(one.Size))
            : new Replay(new Rnd(settings.StreamSeed, settings.Gamma), FSharpOption<int>.None);
        var config = Config.Quick
            .WithMaxTest(count)
            .WithReplay(FSharpOption<Replay>.Some(replay))
            .WithRunner(runner)
            .WithName(name);
        Check.One(config, property());
        var report = Report(
            name, runner.Result ?? throw new InvalidOperationException($"FsCheck finished {name} without a result."), settings);
        return report with { CasesRun = report.Tests };
    }

    /// <summary>
    /// As <see cref="Run(string, Property, int, CheckSettings)"/>, throwing <see cref="PropertyFailedException"/> when it fails.
    /// </summary>
    public static PropertyReport Assert(string name, Property property, int cases, CheckSettings settings) =>
        Assert(name, () => property, cases, settings with { Workers = 1 });

    /// <summary>
    /// As <see cref="Run(string, Func{Property}, int, CheckSettings)"/>, throwing <see cref="PropertyFailedException"/> when it fails.
    /// </summary>
    public static PropertyReport Assert(string name, Func<Property> property, int cases, CheckSettings settings)
    {
        var report = Run(name, property, cases, settings);
        return report.Passed ? report : throw new PropertyFailedException(report);
    }

    /// <summary>FsCheck's text of <paramref name="result"/>, with the replay lines of a failure, and its counterexamples.</summary>
    internal static PropertyReport Report(string name, TestResult result, CheckSettings settings)
    {
        var text = Runner.onFinishedToString(name, result);
        return result switch
        {
            TestResult.Passed passed => new(name, true, passed.Item1.NumberOfTests, 0, text, [], []),
            TestResult.Failed failed => new(
                name,
                false,
                failed.Item1.NumberOfTests,
                failed.Item1.NumberOfShrinks,
                text + ReplayHint(failed, settings),
                [.. failed.Item2],
                [.. failed.Item3]),
            TestResult.Exhausted exhausted => new(name, false, exhausted.Item.NumberOfTests, 0, text, [], []),
            _ => throw new InvalidOperationException($"Unknown FsCheck result for {name}."),
        };
    }

    // The whole run is the run's seed, not the property's stream (CheckSettings.Stream): each property mixes it again. A
    // replay of one case has no whole run to name (its settings' seed is whatever the environment left, not the run's).
    private static string ReplayHint(TestResult.Failed failed, CheckSettings settings) =>
        $"{Environment.NewLine}Replay this failing case alone: "
        + $"TRAINABLESPEC_REPLAY={failed.Item6.Seed},{failed.Item6.Gamma},{failed.Item7}"
        + (settings.Replay is null
            ? $"{Environment.NewLine}Replay the whole run: TRAINABLESPEC_SEED={settings.Seed},{settings.Gamma}"
            : "");

    private sealed class CapturingRunner : IRunner
    {
        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int n, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult result) => Result = result;
    }
}
