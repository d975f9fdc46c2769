using System.Runtime.ExceptionServices;
using FsCheck;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;

namespace TrainableSpec.Specification.Checking;

/// <summary>
/// Runs a property's cases on several threads, or one shard of them, with the verdict a single FsCheck run from the
/// same seed gives. Why not FsCheck's own <c>ParallelRunConfig</c>: read in FsCheck 3.6's Runner.fs, its workers
/// shrink every failing case they meet, eagerly and without the 5,000-step cap, and its consumer busy-waits for each
/// result — on two cores a third spinning thread; and it cannot start at a case other than the first, which shards need.
/// Here each case runs alone through FsCheck (<c>Check.One</c> replaying its seed and size, <see cref="CaseSteps"/>), so
/// generation, evaluation and shrinking are FsCheck's own; cases are handed out in order, their verdicts are taken in
/// order, and the first failing case is the run's, shrunk by the thread that found it. A case after a known failure
/// is not started, and one already shrinking stops at its next successful shrink.
/// </summary>
internal sealed class CaseDriver
{
    private readonly object _gate = new();
    private readonly string _name;
    private readonly Func<Property> _property;
    private readonly Config _quick = Config.Quick;
    private readonly Rnd _run;
    private readonly CheckSettings _settings;
    private readonly CaseSteps _steps;
    private readonly int _cases;
    private readonly long _first;
    private readonly long? _end;
    private readonly Dictionary<long, TestResult?> _done = [];
    private readonly Dictionary<long, ExceptionDispatchInfo> _thrown = [];
    private readonly List<FSharpList<string>> _stamps = [];
    private long _next;
    private long _committed;
    private long _needed = long.MaxValue; // no case from this number on can change the verdict: an earlier one fails
    private int _passed;
    private int _rejected;
    private TestResult? _verdict;
    private ExceptionDispatchInfo? _error;

    private CaseDriver(string name, Func<Property> property, int cases, CheckSettings settings)
    {
        _name = name;
        _property = property;
        _cases = cases;
        _settings = settings;
        _run = new Rnd(settings.StreamSeed, settings.Gamma);
        if (settings.Shard is { } shard)
        {
            var (first, end) = shard.Range(cases);
            (_first, _end) = (first, end);
        }

        _steps = new CaseSteps(_run, cases, _quick.StartSize, _quick.EndSize, _first);
        _next = _committed = _first;
    }

    /// <summary>Checks the cases <paramref name="settings"/> ask for (all of a run of <paramref name="cases"/>, or one shard).</summary>
    public static PropertyReport Run(string name, Func<Property> property, int cases, CheckSettings settings)
    {
        var driver = new CaseDriver(name, property, cases, settings);
        // More threads than cases would only wait.
        var helpers = Enumerable.Range(1, Math.Min(settings.Workers, Math.Max(cases, 1)) - 1)
            .Select(_ => new Thread(driver.Work, maxStackSize: 16 << 20) { IsBackground = true, Name = $"{name} cases" })
            .ToArray();
        foreach (var helper in helpers)
        {
            helper.Start();
        }

        driver.Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }

        driver._error?.Throw();
        return driver.Report();
    }

    private void Work()
    {
        try
        {
            // Each thread builds its own property, so an implementation need not be safe to share between threads.
            var property = _property();
            while (Take() is { } step)
            {
                TestResult? result = null;
                ExceptionDispatchInfo? thrown = null;
                try
                {
                    result = Evaluate(property, step);
                }
                catch (Exception e)
                {
                    // Thrown outside the property's body (a generator, a shrinker): it ends the run only when its case is
                    // reached in order, as a single run would reach it; an earlier failing case is reported instead.
                    thrown = ExceptionDispatchInfo.Capture(e);
                }

                lock (_gate)
                {
                    if (thrown is not null)
                    {
                        _thrown[step.Number] = thrown;
                    }

                    if (thrown is not null || result is TestResult.Failed)
                    {
                        _needed = Math.Min(_needed, step.Number + 1);
                    }

                    if (thrown is null)
                    {
                        _done[step.Number] = result;
                    }

                    Commit();
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _error ??= ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(_gate);
            }
        }
    }

    // The next case to run, or null when the verdict is known; waits while every case that may be needed is running.
    private (long Number, Rnd Seed, int Size)? Take()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_verdict is not null || _error is not null)
                {
                    return null;
                }

                if (_next < Limit())
                {
                    _next++;
                    return _steps.Next();
                }

                Monitor.Wait(_gate);
            }
        }
    }

    // FsCheck stops at MaxTest passed cases, so a rejected case makes room for one more (a shard stops at its end).
    private long Limit() => Math.Min(_needed, _end ?? _first + _cases + _rejected + Pending());

    private int Pending() => _done.Values.Count(r => r is TestResult.Exhausted);

    private TestResult? Evaluate(Property property, (long Number, Rnd Seed, int Size) step)
    {
        var runner = new CaseRunner(this, step.Number);
        var config = _quick
            .WithMaxTest(1)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(step.Seed, FSharpOption<int>.Some(step.Size))))
            .WithRunner(runner)
            .WithName(_name);
        try
        {
            Check.One(config, property);
            return runner.Result;
        }
        catch (SupersededException)
        {
            return null;
        }
    }

    // Takes finished cases in order, as FsCheck's runner takes its steps, until the verdict is known.
    private void Commit()
    {
        while (_verdict is null && _error is null)
        {
            if (_thrown.Remove(_committed, out var thrown))
            {
                _error = thrown;
                break;
            }

            if (!_done.Remove(_committed, out var result))
            {
                break;
            }

            _committed++;
            switch (result)
            {
                case TestResult.Passed passed:
                    _passed++;
                    _stamps.AddRange(passed.Item1.Stamps.Select(s => s.Item2));
                    _verdict = _passed == _cases && _end is null ? Passed() : null;
                    break;
                case TestResult.Exhausted:
                    _rejected++;
                    _verdict = _rejected == _quick.MaxRejected ? TestResult.NewExhausted(Data(0, SetModule.Empty<string>())) : null;
                    break;
                case TestResult.Failed failed:
                    _verdict = TestResult.NewFailed(
                        Data(failed.Item1.NumberOfShrinks, failed.Item1.Labels, tests: (int)_first + _passed + 1),
                        failed.Item2,
                        failed.Item3,
                        failed.Item4,
                        _run,
                        failed.Item6,
                        failed.Item7);
                    break;
                default:
                    throw new InvalidOperationException($"Case {_committed - 1} of {_name} was stopped before any case before it failed.");
            }
        }

        if (_verdict is null && _end is { } end && _committed == end)
        {
            _verdict = Passed();
        }
    }

    private TestResult Passed() => TestResult.NewPassed(Data(0, SetModule.Empty<string>()), false);

    // FsCheck's table of Classify/Collect stamps (Runner.fs, testsDone): the passed cases' non-empty stamps, sorted,
    // grouped, ordered by how often each occurs (stable), each as its whole-number percentage of the tests.
    private TestData Data(int shrinks, FSharpSet<string> labels, int? tests = null)
    {
        var ntest = tests ?? _passed;
        var table = _stamps
            .Where(s => !s.IsEmpty)
            .Order(StampOrder.Instance)
            .GroupBy(s => s, StampOrder.Instance)
            .Select(g => (Count: g.Count(), Stamp: g.Key))
            .OrderBy(g => g.Count)
            .Select(g => Tuple.Create(100 * g.Count / ntest, g.Stamp))
            .ToArray();
        return new TestData(ntest, shrinks, table, labels);
    }

    private PropertyReport Report()
    {
        var report = PropertyCheck.Report(
            _name, _verdict ?? throw new InvalidOperationException($"{_name} ended without a verdict."), _settings);
        return report with { FirstCase = (int)_first, CasesRun = (int)(_committed - _first) };
    }

    private bool Superseded(long number)
    {
        lock (_gate)
        {
            return number >= _needed || _error is not null;
        }
    }

    private void Failing(long number)
    {
        lock (_gate)
        {
            _needed = Math.Min(_needed, number + 1);
        }
    }

    // Thrown from a case's runner to stop it once an earlier case is known to fail: its verdict can no longer matter.
    private sealed class SupersededException : Exception;

    // F#'s structural order of string lists, which FsCheck's Seq.sort and Seq.groupBy use: ordinal, then by length.
    private sealed class StampOrder : IComparer<FSharpList<string>>, IEqualityComparer<FSharpList<string>>
    {
        public static StampOrder Instance { get; } = new();

        public int Compare(FSharpList<string>? x, FSharpList<string>? y)
        {
            using var left = ((IEnumerable<string>)x!).GetEnumerator();
            using var right = ((IEnumerable<string>)y!).GetEnumerator();
            while (true)
            {
                var (l, r) = (left.MoveNext(), right.MoveNext());
                if (!l || !r)
                {
                    return l.CompareTo(r);
                }

                var order = string.CompareOrdinal(left.Current, right.Current);
                if (order != 0)
                {
                    return order;
                }
            }
        }

        public bool Equals(FSharpList<string>? x, FSharpList<string>? y) => Compare(x, y) == 0;

        public int GetHashCode(FSharpList<string> obj) => obj.Aggregate(17, (h, s) => (h * 31) + StringComparer.Ordinal.GetHashCode(s));
    }

    private sealed class CaseRunner(CaseDriver driver, long number) : IRunner
    {
        public TestResult? Result { get; private set; }

        public void OnStartFixture(Type t)
        {
        }

        // Called once the case ran; a case after a known failure stops here, before FsCheck starts shrinking it.
        public void OnArguments(int n, FSharpList<object> args, FSharpFunc<int, FSharpFunc<FSharpList<object>, string>> every)
        {
            if (driver.Superseded(number))
            {
                throw new SupersededException();
            }
        }

        // A successful shrink means the case failed: later cases need not run, and this one stops if an earlier one failed.
        public void OnShrink(FSharpList<object> args, FSharpFunc<FSharpList<object>, string> everyShrink)
        {
            driver.Failing(number);
            if (driver.Superseded(number))
            {
                throw new SupersededException();
            }
        }

        public void OnFinished(string name, TestResult result) => Result = result;
    }
}
