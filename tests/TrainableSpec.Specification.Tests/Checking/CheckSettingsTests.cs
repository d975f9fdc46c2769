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
}
