using TrainableSpec.Specification.Checking;

namespace TrainableSpec.Specification.Tests.Checking;

public sealed class CheckSettingsTests
{
    [Fact]
    public void Unset_variables_give_the_fixed_default_seed()
    {
        Assert.Equal(CheckSettings.Default, CheckSettings.Parse(null, null, null));
    }

    [Fact]
    public void A_seed_a_replay_and_a_case_count_are_read_as_printed()
    {
        var settings = CheckSettings.Parse("12,35", "7, 9, 25", "100000");

        Assert.Equal(new CheckSettings(12, 35, 100_000, (7, 9, 25)), settings);
    }

    [Theory]
    [InlineData("12", null, null, "TRAINABLESPEC_SEED must be 2 whole numbers")]
    [InlineData("12,34", null, null, "the gamma 34 must be odd")]
    [InlineData(null, "1,3", null, "TRAINABLESPEC_REPLAY must be 3 whole numbers")]
    [InlineData(null, null, "-5", "TRAINABLESPEC_MAX_TEST must be a positive whole number, but was '-5'")]
    [InlineData(null, null, "many", "but was 'many'")]
    public void Malformed_variables_are_rejected_naming_the_variable(string? seed, string? replay, string? maxTest, string message)
    {
        var e = Assert.Throws<FormatException>(() => CheckSettings.Parse(seed, replay, maxTest));

        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("12", null, "--seed must be 2 whole numbers")]
    [InlineData("12,34", null, "--seed: the gamma 34 must be odd")]
    [InlineData(null, "0", "--cases must be a positive whole number, but was '0'")]
    public void Malformed_options_are_rejected_naming_the_option(string? seed, string? cases, string message)
    {
        var e = Assert.Throws<FormatException>(() => CheckSettings.FromOptions(seed, cases));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Workers_and_a_shard_are_read_as_a_job_matrix_writes_them()
    {
        var settings = CheckSettings.Parse(null, null, "1000000", workers: "4", shard: "3/10");

        Assert.Equal(4, settings.Workers);
        Assert.Equal(new Shard(3, 10), settings.Shard);
        Assert.Equal(1, CheckSettings.Default.Workers);
    }

    [Theory]
    [InlineData("0", null, "TRAINABLESPEC_WORKERS must be a positive whole number, but was '0'")]
    [InlineData(null, "0/3", "TRAINABLESPEC_SHARD: shard 0 of 3 does not exist; shards are numbered 1 to 3")]
    [InlineData(null, "4/3", "TRAINABLESPEC_SHARD: shard 4 of 3 does not exist")]
    [InlineData(null, "1/2/3", "TRAINABLESPEC_SHARD must be 'i/n' with whole numbers 1 ≤ i ≤ n, e.g. 3/10, but was '1/2/3'")]
    public void A_malformed_worker_count_or_shard_is_rejected_naming_the_variable(string? workers, string? shard, string message)
    {
        var e = Assert.Throws<FormatException>(() => CheckSettings.Parse(null, null, null, workers, shard));

        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Ten_shards_of_a_million_cases_are_contiguous_slices_of_100000_that_cover_the_run()
    {
        var ranges = Enumerable.Range(1, 10).Select(i => new Shard(i, 10).Range(1_000_000)).ToArray();

        Assert.Equal((0, 100_000), ranges[0]);
        Assert.Equal((900_000, 1_000_000), ranges[9]);
        Assert.All(ranges.Zip(ranges.Skip(1)), p => Assert.Equal(p.First.End, p.Second.First));
    }

    [Fact]
    public void Shards_of_a_count_they_do_not_divide_differ_by_at_most_one_case()
    {
        var sizes = Enumerable.Range(1, 7).Select(i => new Shard(i, 7).Range(250)).Select(r => r.End - r.First).ToArray();

        Assert.Equal(250, sizes.Sum());
        Assert.InRange(sizes.Max() - sizes.Min(), 0, 1);
    }

    [Fact]
    public void A_run_with_fewer_cases_than_shards_is_refused_since_a_shard_would_check_nothing()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Shard(5, 10).Range(3));

        Assert.Contains("Shard 5/10 needs at least 10 cases, one per shard, but the run has 3.", e.Message);
    }
}
