using TrainableSpec.Specification.Properties;
namespace TrainableSpec.Cli.Tests;

public sealed class CommandLineTests
{
    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void The_article_command_prints_the_four_cases_and_the_articles_table()
    {
        var (exit, output, _) = Run("article");

        Assert.Equal(0, exit);
        Assert.Equal(4, output.Split("# Article case:").Length - 1);
        Assert.Equal(4, output.Split("verdict: as the rule says").Length - 1);
        Assert.Contains("True                                       |  ○   |  ×", output);
        Assert.Contains("False                                      |  ×   |  ×", output);
    }

    [Fact]
    public void The_check_command_runs_every_property_and_closes_with_a_count()
    {
        var (exit, output, _) = Run("check", "--cases", "20");

        Assert.Equal(0, exit);
        Assert.Contains($"{TrainabilityProperties.Suite.Length} passed, 0 failed", output);
        Assert.Contains("Ok, passed 20 tests", output);
    }

    [Theory]
    [InlineData("1,2", "--seed: the gamma 2 must be odd")]
    [InlineData("x", "--seed must be 2 whole numbers")]
    public void A_malformed_seed_exits_with_code_2_and_says_why(string seed, string message)
    {
        var (exit, _, error) = Run("check", "--seed", seed);

        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void A_non_positive_case_count_exits_with_code_2()
    {
        var (exit, _, error) = Run("check", "--cases", "0");

        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Contains("--cases must be a positive whole number", error);
    }

    [Fact]
    public void An_unknown_command_fails_and_names_it()
    {
        var (exit, _, error) = Run("nonsense");

        Assert.NotEqual(0, exit);
        Assert.Contains("nonsense", error);
    }

    [Fact]
    public void The_profiles_command_prints_the_matrix_that_README_shows()
    {
        // Arrange
        var root = typeof(CommandLineTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var shown = readme[
            (readme.IndexOf("<!-- profiles:begin -->\n", StringComparison.Ordinal) + 24)..readme.IndexOf(
                "<!-- profiles:end -->", StringComparison.Ordinal)];

        // Act
        var (exit, output, _) = Run("profiles");

        // Assert
        Assert.Equal(0, exit);
        Assert.Equal(shown, output.ReplaceLineEndings("\n"));
        Assert.Contains("| `keras-2.1.6` / `keras-2.2` | none in 500 generated scripts | all generated scripts |", output);
    }

    [Fact]
    public void The_profiles_command_rejects_a_malformed_seed_with_exit_code_2()
    {
        var (exit, _, error) = Run("profiles", "--seed", "1,2");

        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Contains("--seed", error);
    }

    [Theory]
    [InlineData("tfjs-4.22")]
    [InlineData("pytorch-filtered")]
    public void The_check_command_runs_a_profiles_nine_properties_against_the_engine_in_that_mode(string profile)
    {
        var (exit, output, _) = Run("check", "--profile", profile, "--cases", "20");

        Assert.Equal(0, exit);
        Assert.Contains($"At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains ({profile})", output);
        Assert.EndsWith($"9 passed, 0 failed{Environment.NewLine}", output);
    }

    [Fact]
    public void The_check_command_rejects_an_unknown_profile_listing_the_profiles_with_exit_code_2()
    {
        var (exit, _, error) = Run("check", "--profile", "keras-4");

        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Equal(
            "There is no profile 'keras-4'; the profiles are keras-2.1.6, keras-2.2, tf-keras-2, keras-3, tfjs-4.22, pytorch, "
            + "pytorch-filtered." + Environment.NewLine,
            error);
    }
}
