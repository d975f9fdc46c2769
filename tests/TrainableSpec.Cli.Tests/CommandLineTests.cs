using TrainableSpec.Reference;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Profiles;
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

    [Theory]
    [InlineData("--workers", "0", "--workers must be a positive whole number, but was '0'")]
    [InlineData("--workers", "many", "--workers must be a positive whole number, but was 'many'")]
    [InlineData("--shard", "0/3", "--shard: shard 0 of 3 does not exist; shards are numbered 1 to 3")]
    [InlineData("--shard", "4/3", "--shard: shard 4 of 3 does not exist; shards are numbered 1 to 3")]
    [InlineData("--shard", "3/0", "--shard: '3/0' cuts the run into 0 shards")]
    [InlineData("--shard", "3-10", "--shard must be 'i/n' with whole numbers 1 ≤ i ≤ n, e.g. 3/10, but was '3-10'")]
    [InlineData("--replay", "1,3", "--replay must be 3 whole numbers")]
    public void A_malformed_worker_count_shard_or_replay_exits_with_code_2_and_says_what_and_where(
        string option, string value, string message)
    {
        var (exit, output, error) = Run("check", "--cases", "20", option, value);

        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Contains(message, error);
        Assert.Empty(output);
    }

    [Fact]
    public void A_replay_with_a_shard_exits_with_code_2_since_a_replay_runs_one_case()
    {
        // Act
        var (exit, _, error) = Run("check", "--replay", "1,3,5", "--shard", "1/2");

        // Assert
        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Contains("--replay runs the one case it names; it cannot be combined with --shard", error);
    }

    [Fact]
    public void More_shards_than_cases_exits_with_code_2_since_a_shard_would_check_nothing()
    {
        var (exit, _, error) = Run("check", "--cases", "3", "--shard", "5/10");

        Assert.Equal(CommandLine.BadArguments, exit);
        Assert.Contains("--shard 5/10 needs at least 10 cases, one per shard, but --cases is 3", error);
    }

    [Fact]
    public void The_check_command_prints_the_same_report_on_one_thread_and_on_three()
    {
        var one = Run("check", "--cases", "30", "--workers", "1");
        var three = Run("check", "--cases", "30", "--workers", "3");

        Assert.Equal(0, one.Exit);
        Assert.Equal(one, three);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("keras-3")]
    public void The_check_command_runs_each_property_on_the_cases_the_suites_draw_from_the_stream_of_its_name(string? profile)
    {
        // Arrange: each row run as the xunit suites run it, its cases from the stream of the row's name.
        var settings = CheckSettings.Default with { MaxTest = 20 };
        var expected = profile is null
            ? TrainabilityProperties.Suite.Select(p => PropertyCheck.Run(
                p.Name,
                () => p.Build(new SuiteTarget(new ReferenceImplementation(), FrameworkProfiles.Keras216)),
                20,
                settings.ForProperty(p.Name)).Message)
            : ProfileProperties.Suite.Select(p => PropertyCheck.Run(
                $"{p.Name} ({profile})",
                () => p.Build(new SuiteTarget(ReferenceModes.Named(profile).Implementation(), FrameworkProfiles.Named(profile))),
                20,
                settings.ForProperty(p.Name)).Message);

        // Act
        var (exit, output, _) = profile is null ? Run("check", "--cases", "20") : Run("check", "--cases", "20", "--profile", profile);

        // Assert
        Assert.Equal(0, exit);
        Assert.All(expected, message => Assert.Contains(message, output, StringComparison.Ordinal));
    }

    [Fact]
    public void Each_shard_of_check_says_which_cases_it_ran_and_together_they_run_every_case_once()
    {
        // Act
        var shards = Enumerable.Range(1, 3).Select(i => Run("check", "--cases", "30", "--shard", $"{i}/3")).ToArray();

        // Assert
        Assert.All(shards, s => Assert.Equal(0, s.Exit));
        Assert.Contains("  ran 10 cases: 1 to 10 of 30, shard 1/3", shards[0].Output);
        Assert.Contains("  ran 10 cases: 11 to 20 of 30, shard 2/3", shards[1].Output);
        Assert.Contains("  ran 10 cases: 21 to 30 of 30, shard 3/3", shards[2].Output);
        Assert.All(shards, s => Assert.Equal(TrainabilityProperties.Suite.Length, s.Output.Split("  ran 10 cases").Length - 1));
    }

    [Fact]
    public void The_check_command_replays_the_one_case_a_failure_printed()
    {
        var (exit, output, _) = Run("check", "--replay", "7,9,25");

        Assert.Equal(0, exit);
        Assert.Equal(TrainabilityProperties.Suite.Length, output.Split("  ran the one case 7,9,25").Length - 1);
        Assert.Contains("Ok, passed 1 test", output);
    }

    [Fact]
    public void An_unknown_command_fails_and_names_it()
    {
        var (exit, _, error) = Run("nonsense");

        Assert.NotEqual(0, exit);
        Assert.Contains("nonsense", error);
    }

    [Fact]
    public void README_shows_the_accepted_profile_matrix_and_the_profiles_command_prints_it_at_the_default_count()
    {
        // Arrange: ProfileMatrixTests holds the accepted snapshot to ProfileMatrix.Render at the default settings.
        var root = typeof(CommandLineTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        var shown = readme[
            (readme.IndexOf("<!-- profiles:begin -->\n", StringComparison.Ordinal) + 24)..readme.IndexOf(
                "<!-- profiles:end -->", StringComparison.Ordinal)];
        var accepted = File.ReadAllText(Path.Combine(root, "snapshots", "Profiles.matrix.approved.txt")).ReplaceLineEndings("\n");

        // Act: the command at a small count, against the same rendering at that count (the whole matrix takes seconds).
        var (exit, output, _) = Run("profiles", "--cases", "20");

        // Assert
        Assert.Equal(accepted, shown);
        Assert.Contains($"| `keras-2.1.6` / `keras-2.2` | none in {ProfileMatrix.CasesPerSearch} generated scripts |", shown);
        Assert.Equal(0, exit);
        Assert.Equal(
            ProfileMatrix.Render(CheckSettings.Default with { MaxTest = 20 }).ReplaceLineEndings("\n"),
            output.ReplaceLineEndings("\n"));
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
