using System.Collections.Immutable;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace TrainableSpec.Specification.Checking;

/// <summary>Runs a property through FsCheck with <see cref="CheckSettings"/> and reports instead of printing.</summary>
public static class PropertyCheck
{
    /// <summary>Checks <paramref name="property"/> with <paramref name="cases"/> cases (unless the settings override the count).</summary>
    public static PropertyReport Run(string name, Property property, int cases, CheckSettings settings)
    {
        var runner = new CapturingRunner();
        var replay = settings.Replay is { } one
            ? new Replay(new Rnd(one.Seed, one.Gamma), FSharpOption<int>.Some(one.Size))
            : new Replay(new Rnd(settings.Seed, settings.Gamma), FSharpOption<int>.None);
        var config = Config.Quick
            .WithMaxTest(settings.Replay is null ? settings.MaxTest ?? cases : 1)
            .WithReplay(FSharpOption<Replay>.Some(replay))
            .WithRunner(runner)
            .WithName(name);
        Check.One(config, property);
        return runner.Report(name);
    }

    /// <summary>As <see cref="Run"/>, throwing <see cref="PropertyFailedException"/> with replay instructions when it fails.</summary>
    public static PropertyReport Assert(string name, Property property, int cases, CheckSettings settings)
    {
        var report = Run(name, property, cases, settings);
        return report.Passed ? report : throw new PropertyFailedException(report);
    }

    private sealed class CapturingRunner : IRunner
    {
        private TestResult? _result;

        public void OnStartFixture(Type t)
        {
        }

        public void OnArguments(int n, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
        }

        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
        }

        public void OnFinished(string name, TestResult result) => _result = result;

        public PropertyReport Report(string name)
        {
            var result = _result ?? throw new InvalidOperationException($"FsCheck finished {name} without a result.");
            var text = Runner.onFinishedToString(name, result);
            return result switch
            {
                TestResult.Passed passed => new(name, true, passed.Item1.NumberOfTests, 0, text, [], []),
                TestResult.Failed failed => new(
                    name,
                    false,
                    failed.Item1.NumberOfTests,
                    failed.Item1.NumberOfShrinks,
                    text + ReplayHint(failed),
                    [.. failed.Item2],
                    [.. failed.Item3]),
                TestResult.Exhausted exhausted => new(name, false, exhausted.Item.NumberOfTests, 0, text, [], []),
                _ => throw new InvalidOperationException($"Unknown FsCheck result for {name}."),
            };
        }

        private static string ReplayHint(TestResult.Failed failed) =>
            $"{Environment.NewLine}Replay this failing case alone: "
            + $"TRAINABLESPEC_REPLAY={failed.Item6.Seed},{failed.Item6.Gamma},{failed.Item7}"
            + $"{Environment.NewLine}Replay the whole run: TRAINABLESPEC_SEED={failed.Item5.Seed},{failed.Item5.Gamma}";
    }
}
