using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Checking;

namespace TrainableSpec.Specification.Tests.Checking;

public sealed class PropertyCheckTests
{
    [Fact]
    public void A_replay_runs_exactly_the_one_case_it_names()
    {
        var seen = new List<int>();
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), i => { seen.Add(i); return true; });

        var report = PropertyCheck.Run("replay", property, 100, CheckSettings.Parse(null, "42,43,10", null));

        Assert.True(report.Passed);
        Assert.Single(seen);
    }

    [Fact]
    public void A_property_whose_cases_are_all_discarded_is_exhausted_and_does_not_pass()
    {
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 10)), i => Prop.When(true, false));

        var report = PropertyCheck.Run("exhausted", property, 10, CheckSettings.Default);

        Assert.False(report.Passed);
        Assert.Contains("Arguments exhausted", report.Message);
    }

    [Fact]
    public void Assert_throws_with_the_report_when_the_property_fails()
    {
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 100)), i => i < 50);

        var e = Assert.Throws<PropertyFailedException>(() => PropertyCheck.Assert("fails", property, 100, CheckSettings.Default));

        Assert.False(e.Report.Passed);
        Assert.InRange(Assert.IsType<int>(e.Report.Shrunk[0]), 50, 100);
        Assert.Contains("TRAINABLESPEC_REPLAY=", e.Message);
    }

    [Fact]
    public void The_properties_of_one_run_draw_their_own_cases_and_each_draws_the_same_ones_in_every_run_on_any_threads()
    {
        // Arrange: a property built afresh for each worker thread, as the suites build theirs, so that more than one worker
        // or a shard runs the cases through the parallel driver (CaseDriver) rather than FsCheck's own run.
        List<int> Drawn(CheckSettings settings)
        {
            var seen = new System.Collections.Concurrent.ConcurrentBag<int>();
            PropertyCheck.Run("p", () => Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), i => { seen.Add(i); return true; }), 20, settings);
            return [.. seen.Order()];
        }

        // Act
        var first = Drawn(CheckSettings.Default.ForProperty("first"));
        var again = Drawn(CheckSettings.Default.ForProperty("first"));
        var second = Drawn(CheckSettings.Default.ForProperty("second"));
        var onThreeThreads = Drawn(CheckSettings.Default.ForProperty("first") with { Workers = 3 });
        var inShards = Enumerable.Range(1, 4)
            .SelectMany(i => Drawn(CheckSettings.Default.ForProperty("first") with { Workers = 2, Shard = new(i, 4) }))
            .Order();
        var noStream = Drawn(CheckSettings.Default);

        // Assert
        Assert.Equal(first, again);
        Assert.Equal(first, onThreeThreads);
        Assert.Equal(first, inShards);
        Assert.Empty(first.Intersect(second));
        Assert.Empty(first.Intersect(noStream));
    }

    [Fact]
    public void A_propertys_stream_seed_is_the_run_seed_mixed_with_its_name_the_same_in_every_process()
    {
        // Arrange
        var settings = CheckSettings.Default;

        const string Property = "A_weight_never_trainable_is_bit_identical_after_any_number_of_steps";

        // Act
        var stream = settings.ForProperty(Property).StreamSeed;

        // Assert: pinned, since replay lines printed by earlier runs name it (a name's string hash would differ per process).
        Assert.Equal(16426684441070315103UL, stream);
        Assert.Equal(settings.Seed, settings.StreamSeed);
        Assert.NotEqual(stream, (settings with { Seed = 1 }).ForProperty(Property).StreamSeed);
    }

    [Fact]
    public void A_failing_property_of_a_stream_prints_the_runs_seed_for_the_whole_run_and_its_cases_own_seed_for_the_case()
    {
        // Arrange: a run from a seed of its own, for a property with a stream.
        var property = Prop.ForAll(Arb.From(Gen.Choose(0, 100)), i => i < 50);
        var settings = CheckSettings.Parse("7,3", null, null).ForProperty("fails");

        // Act
        var failure = PropertyCheck.Run("fails", property, 100, settings);
        string Value(string prefix) =>
            failure.Message.Split(Environment.NewLine).Single(l => l.StartsWith(prefix, StringComparison.Ordinal)).Split('=')[1];
        var (seed, replay) = (Value("Replay the whole run: "), Value("Replay this failing case alone: "));
        var wholeRun = PropertyCheck.Run("fails", property, 100, CheckSettings.Parse(seed, null, null).ForProperty("fails"));
        var oneCase = PropertyCheck.Run("fails", property, 100, CheckSettings.Parse(null, replay, null).ForProperty("fails"));

        // Assert
        Assert.False(failure.Passed);
        Assert.Equal("7,3", seed);
        Assert.Equal(failure.Message, wholeRun.Message);
        Assert.Equal(1, oneCase.Tests);
        Assert.Equal(failure.Original.ToArray(), oneCase.Original.ToArray());
        Assert.DoesNotContain("Replay the whole run", oneCase.Message);
    }
}
