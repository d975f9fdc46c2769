using System.Collections.Concurrent;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Checking;

namespace TrainableSpec.Specification.Tests.Checking;

/// <summary>
/// A run on several threads, and the shards of a run together, must check exactly the cases one thread checks, from the
/// same seeds at the same sizes, and report the same verdict, failing case, shrunk counterexample and replay line.
/// </summary>
public sealed class ParallelAndShardedRunTests
{
    // 250 cases: FsCheck's size step (99 / 250) is not a whole number, so sizes depend on how the sum is formed.
    private const int Cases = 250;

    private static readonly CheckSettings OneThread = CheckSettings.Default;

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Cases_run_on_several_threads_are_the_single_threaded_runs_cases_from_the_same_seeds_at_the_same_sizes(int workers)
    {
        // Arrange
        var single = new ConcurrentQueue<(int Size, int Value)>();
        var parallel = new ConcurrentQueue<(int Size, int Value)>();

        // Act
        var expected = PropertyCheck.Run("p", Recording(single), Cases, OneThread);
        var actual = PropertyCheck.Run("p", () => Recording(parallel), Cases, OneThread with { Workers = workers });

        // Assert
        Assert.Equal(Cases, single.Count);
        Assert.Equal(single.Order(), parallel.Order());
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal(Cases, actual.CasesRun);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(7, 3)]
    public void The_shards_of_a_run_together_run_exactly_its_cases_each_once(int shards, int workers)
    {
        // Arrange
        var single = new ConcurrentQueue<(int Size, int Value)>();
        var sharded = new ConcurrentQueue<(int Size, int Value)>();
        PropertyCheck.Run("single", Recording(single), Cases, OneThread);

        // Act
        var reports = Enumerable.Range(1, shards)
            .Select(i => PropertyCheck.Run(
                "shard", () => Recording(sharded), Cases, OneThread with { Workers = workers, Shard = new(i, shards) }))
            .ToArray();

        // Assert
        Assert.Equal(single.Order(), sharded.Order());
        Assert.All(reports, r => Assert.True(r.Passed));
        Assert.Equal(Cases, reports.Sum(r => r.CasesRun));
        Assert.Equal(0, reports[0].FirstCase);
        Assert.All(reports.Skip(1).Zip(reports), p => Assert.Equal(p.Second.FirstCase + p.Second.CasesRun, p.First.FirstCase));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_failing_property_on_several_threads_reports_the_single_threaded_runs_case_shrink_and_replay_line(int workers)
    {
        // Act
        var expected = PropertyCheck.Run("p", FailsOnceLarge(), Cases, OneThread);
        var actual = PropertyCheck.Run("p", FailsOnceLarge, Cases, OneThread with { Workers = workers });

        // Assert
        Assert.False(expected.Passed);
        Assert.InRange(expected.Tests, 20, Cases - 20);
        Assert.True(expected.Shrinks > 0);
        Assert.Equal(expected.Message, actual.Message);
        Assert.Equal((expected.Tests, expected.Shrinks), (actual.Tests, actual.Shrinks));
        Assert.Equal(Counterexample(expected.Shrunk), Counterexample(actual.Shrunk));
    }

    [Fact]
    public void The_first_failing_shard_reports_the_single_runs_failing_case_and_the_shards_before_it_pass()
    {
        // Arrange
        var expected = PropertyCheck.Run("p", FailsOnceLarge(), Cases, OneThread);

        // Act
        var shards = Enumerable.Range(1, 10)
            .Select(i => PropertyCheck.Run("p", FailsOnceLarge, Cases, OneThread with { Workers = 2, Shard = new(i, 10) }))
            .ToArray();

        // Assert
        var first = Array.FindIndex(shards, r => !r.Passed);
        Assert.True(first > 0, "The failing case should lie beyond the first shard, so that shards before it pass.");
        Assert.Equal(expected.Message, shards[first].Message);
        Assert.Equal(expected.Tests, shards[first].FirstCase + shards[first].CasesRun);
    }

    [Fact]
    public void The_replay_line_a_shard_prints_reproduces_its_failing_case_alone()
    {
        // Arrange
        var failure = Enumerable.Range(1, 10)
            .Select(i => PropertyCheck.Run("p", FailsOnceLarge(), Cases, OneThread with { Shard = new(i, 10) }))
            .First(r => !r.Passed);
        var line = failure.Message.Split(Environment.NewLine)
            .Single(l => l.StartsWith("Replay this failing case alone: ", StringComparison.Ordinal));
        var replay = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];

        // Act
        var again = PropertyCheck.Run("p", FailsOnceLarge(), Cases, CheckSettings.Parse(null, replay, null));

        // Assert
        Assert.False(again.Passed);
        Assert.Equal(1, again.Tests);
        Assert.Equal(Counterexample(failure.Original), Counterexample(again.Original));
        Assert.Equal(Counterexample(failure.Shrunk), Counterexample(again.Shrunk));
    }

    [Fact]
    public void A_ready_built_property_runs_on_one_thread_whatever_the_workers_since_it_holds_one_implementation()
    {
        // Arrange
        var threads = new ConcurrentDictionary<int, bool>();
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 100)), _ =>
        {
            threads[Environment.CurrentManagedThreadId] = true;
            return true;
        });

        // Act
        var report = PropertyCheck.Run("p", property, Cases, OneThread with { Workers = 4 });

        // Assert
        Assert.True(report.Passed);
        Assert.Single(threads);
    }

    [Fact]
    public void A_generator_throwing_at_a_later_case_on_another_thread_does_not_hide_an_earlier_failing_case()
    {
        // Arrange: the values of cases 0 and 1; case 0 fails, but only after case 1's generator has thrown on the other
        // thread, so the exception comes first in time and last in case order. A single run fails at case 0.
        var seen = new ConcurrentQueue<(int Size, int Value)>();
        PropertyCheck.Run("p", () => Recording(seen), 2, OneThread);
        var (first, second) = (seen.ElementAt(0).Value, seen.ElementAt(1).Value);
        Assert.NotEqual(first, second);
        using var secondGenerated = new ManualResetEventSlim();
        Property Build() => Prop.ForAll(
            Arb.From(Gen.Sized(size => Gen.Choose(0, int.MaxValue).Select(value => (size, value))).Select(c =>
            {
                if (c.value == second)
                {
                    secondGenerated.Set();
                    throw new InvalidOperationException("the generator fails at case 1");
                }

                return c.value;
            })),
            v => v != first || !secondGenerated.Wait(TimeSpan.FromMinutes(1)));

        // Act
        var report = PropertyCheck.Run("p", Build, 2, OneThread with { Workers = 2 });

        // Assert
        Assert.False(report.Passed);
        Assert.Equal(1, report.Tests);
    }

    [Fact]
    public void Classified_cases_are_tabulated_as_the_single_threaded_run_tabulates_them()
    {
        // Arrange
        static Property Classified() => Prop.ForAll(
            Arb.From(Gen.Sized(s => Gen.Choose(0, s))),
            i => true.Classify(i % 2 == 0, "even").Classify(i > 50, "large").Collect(i % 3));

        // Act
        var expected = PropertyCheck.Run("p", Classified(), Cases, OneThread);
        var actual = PropertyCheck.Run("p", Classified, Cases, OneThread with { Workers = 3 });

        // Assert
        Assert.Contains("% 0, even.", expected.Message);
        Assert.Equal(expected.Message, actual.Message);
    }

    [Theory]
    [InlineData(3, "Ok, passed 250 tests")]
    [InlineData(1, "Arguments exhausted after")]
    public void Discarded_cases_are_made_up_for_as_the_single_threaded_run_makes_up_for_them(int divisor, string verdict)
    {
        // Arrange: about one case in three is discarded, or every case.
        Property Discarding() => Prop.ForAll(Arb.From(Gen.Sized(s => Gen.Choose(0, s))), i => Prop.When(true, i % divisor != 0));

        // Act
        var expected = PropertyCheck.Run("p", Discarding(), Cases, OneThread);
        var actual = PropertyCheck.Run("p", Discarding, Cases, OneThread with { Workers = 3 });

        // Assert
        Assert.StartsWith($"p-{verdict}", expected.Message);
        Assert.Equal(expected.Message, actual.Message);
    }

    [Fact]
    public void Every_thread_builds_its_own_property_from_the_factory()
    {
        // Arrange
        var built = 0;
        Property Build()
        {
            Interlocked.Increment(ref built);
            return Prop.ForAll(Arb.From(Gen.Choose(0, 10)), i => i >= 0);
        }

        // Act
        PropertyCheck.Run("p", Build, Cases, OneThread with { Workers = 3 });

        // Assert
        Assert.Equal(3, built);
    }

    private static int[] Counterexample(System.Collections.Immutable.ImmutableArray<object> arguments) =>
        Assert.IsType<int[]>(Assert.Single(arguments));

    // Each case records its size (FsCheck's Gen.Sized) and a value drawn from its seed; the property always holds.
    private static Property Recording(ConcurrentQueue<(int Size, int Value)> seen) =>
        Prop.ForAll(
            Arb.From(Gen.Sized(size => Gen.Choose(0, int.MaxValue).Select(value => (size, value)))),
            c =>
            {
                seen.Enqueue(c);
                return true;
            });

    // Fails only once the size has grown (about a third of the way into a run), on a list it shrinks in several steps.
    private static Property FailsOnceLarge() =>
        Prop.ForAll(
            Arb.From(Gen.Sized(s => Gen.ArrayOf(Gen.Choose(0, s))), ArbMap.Default.ArbFor<int[]>().Shrinker),
            xs => xs.Sum() < 900);
}
