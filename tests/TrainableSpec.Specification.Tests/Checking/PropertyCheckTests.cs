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
}
