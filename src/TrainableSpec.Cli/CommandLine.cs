using System.CommandLine;
using System.Globalization;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Cli;

/// <summary>The command-line program: it only composes the specification with the reference engine.</summary>
public static class CommandLine
{
    /// <summary>Exit code when a property failed.</summary>
    public const int PropertyFailed = 3;

    /// <summary>Exit code when the seed or count given is malformed.</summary>
    public const int BadArguments = 2;

    /// <summary>Parses <paramref name="args"/>, runs the command, and returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, TextReader.Null, output, error);

    /// <summary>As <see cref="Run(string[], TextWriter, TextWriter)"/>, with the standard input <c>run-case</c> reads.</summary>
    public static int Run(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("TrainableSpec: how trainable flags compose when layers are nested inside containers.");
        root.Subcommands.Add(Article(output));
        root.Subcommands.Add(Profiles(output, error));
        root.Subcommands.Add(Check(output, error));
        root.Subcommands.Add(Export(output, error));
        root.Subcommands.Add(Verify(output, error));
        root.Subcommands.Add(RunCaseCommand(input, output, error));
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command Article(TextWriter output)
    {
        var command = new Command(
            "article",
            "Reproduces the article's experiment (Keras 2.1.6) on the reference engine and prints its four cases and its table.");
        command.SetAction(_ =>
        {
            var implementation = new ReferenceImplementation();
            var results = ArticleExperiment.Cases.Select(c => (c, implementation.Run(ArticleExperiment.ScenarioOf(c)))).ToArray();
            foreach (var (articleCase, run) in results)
            {
                output.WriteLine(ArticleReport.Case(articleCase, run));
            }

            output.Write(ArticleReport.Summary(results));
            return 0;
        });
        return command;
    }

    private static Command Profiles(TextWriter output, TextWriter error)
    {
        var seed = new Option<string?>("--seed") { Description = "The seed of the pairwise search as 'seed,gamma' (gamma odd)." };
        var cases = new Option<int>("--cases")
        {
            Description = "Generated scripts per search of the pairs table.",
            DefaultValueFactory = _ => ProfileMatrix.CasesPerSearch,
        };
        var command = new Command(
            "profiles",
            "Prints the profile matrix: the article's cases and the scenarios where frameworks differ under every profile, "
            + "and the smallest disagreement of each pair.") { seed, cases };
        command.SetAction(parse =>
        {
            if (Settings(parse.GetValue(seed), parse.GetValue(cases), error) is not { } settings)
            {
                return BadArguments;
            }

            output.Write(ProfileMatrix.Render(settings));
            return 0;
        });
        return command;
    }

    private static Command Export(TextWriter output, TextWriter error)
    {
        var folder = new Option<string>("--out") { Description = "The corpus folder to write.", Required = true };
        var profile = ProfileOption("The profile whose rule the cases state (default keras-2.1.6, the article's): ");
        var cases = new Option<int>("--cases")
        {
            Description = "Generated cases besides the named ones (the article's and the profile matrix's).",
            DefaultValueFactory = _ => 100,
        };
        var generators = new Option<string>("--generators")
        {
            Description = "The profile's generators the generated cases take in turn: rules, optimizers, batchnorm (comma-separated).",
            DefaultValueFactory = _ => "rules,optimizers,batchnorm",
        };
        var seed = new Option<string?>("--seed") { Description = "The seed as 'seed,gamma' (gamma odd)." };
        var force = new Option<bool>("--force") { Description = "Overwrite files that exist." };
        var command = new Command(
            "export",
            "Exports a seeded JSON corpus of one profile's cases, with their JSON Schemas, for implementations in any language.")
        {
            folder, profile, cases, generators, seed, force,
        };
        command.SetAction(parse =>
        {
            if (Settings(parse.GetValue(seed), parse.GetValue(cases), error) is not { } settings
                || Named(parse.GetValue(profile) ?? Specification.Corpus.CorpusJson.DefaultProfile, error) is not { } named)
            {
                return BadArguments;
            }

            Corpus.CorpusGenerators drawn;
            try
            {
                drawn = Corpus.CorpusGenerators.Parse(parse.GetValue(generators)!);
            }
            catch (FormatException e)
            {
                error.WriteLine(e.Message);
                return BadArguments;
            }

            return Corpus.CorpusExport.Run(
                parse.GetValue(folder)!, named, drawn, settings.MaxTest!.Value, settings, parse.GetValue(force), output, error);
        });
        return command;
    }

    private static Command Verify(TextWriter output, TextWriter error)
    {
        var corpus = new Option<string>("--corpus") { Description = "The corpus folder (from export).", Required = true };
        var profile = ProfileOption("The profile every case must be for (each case is judged by its own profile's checks): ");
        var results = new Option<string?>("--results") { Description = "A folder with one result file per case, named after the case." };
        var run = new Option<string?>("--command")
        {
            Description = "A command run once per case: the case on standard input, the result on standard output.",
        };
        var known = new Option<string?>("--known-deviations")
        {
            Description = "A reviewed list of cases where the framework is demonstrably buggy: "
                + "reported as known deviations, never as passes.",
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "How many cases run at once (adapter processes side by side; default: all cores).",
            DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 512),
        };
        var command = new Command("verify", "Checks another implementation's results against the corpus and prints a per-case report.")
        {
            corpus, profile, results, run, known, jobs,
        };
        command.SetAction(parse => Corpus.CorpusVerification.Run(
            new Corpus.VerifyOptions(
                parse.GetValue(corpus)!,
                parse.GetValue(profile),
                parse.GetValue(results),
                parse.GetValue(run),
                parse.GetValue(known),
                parse.GetValue(jobs)),
            output,
            error));
        return command;
    }

    private static Option<string?> ProfileOption(string description) =>
        new("--profile") { Description = description + string.Join(", ", FrameworkProfiles.All.Select(p => p.Name)) + "." };

    private static FrameworkProfile? Named(string name, TextWriter error)
    {
        try
        {
            return FrameworkProfiles.Named(name);
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    private static Command RunCaseCommand(TextReader input, TextWriter output, TextWriter error)
    {
        var command = new Command(
            "run-case",
            "Runs one corpus case (standard input) on the reference engine and writes its result (standard output).");
        command.SetAction(_ => Corpus.RunCase.Run(input, output, error));
        return command;
    }

    private static CheckSettings? Settings(string? seed, int cases, TextWriter error)
    {
        try
        {
            return CheckSettings.FromOptions(seed, cases.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (FormatException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    private static Command Check(TextWriter output, TextWriter error)
    {
        var cases = new Option<int?>("--cases")
        {
            Description = "Generated cases per property (of the whole run, when --shard runs a slice of it); default: the "
                + "suite's own count, as dotnet test runs it, so a seed gives the same cases here and there.",
        };
        var seed = new Option<string?>("--seed") { Description = "The run's seed as 'seed,gamma' (gamma odd), as a failure prints it." };
        var profile = new Option<string?>("--profile")
        {
            Description = "Run a framework profile's properties against the engine in that mode instead: "
                + "keras-2.1.6, keras-2.2, tf-keras-2, keras-3, tfjs-4.22, pytorch or pytorch-filtered.",
        };
        var workers = new Option<string?>("--workers")
        {
            Description = "Threads that run each property's cases (default: every core); the verdicts do not depend on it.",
            DefaultValueFactory = _ => Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
        };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run only shard i of n ('i/n', e.g. 3/10) of the run's cases; "
                + "shards 1 to n together run exactly the run's cases.",
        };
        var replay = new Option<string?>("--replay")
        {
            Description = "Run only the one case 'seed,gamma,size' a failure printed (TRAINABLESPEC_REPLAY's value), in each property.",
        };
        var command = new Command("check", "Runs every property of the specification against the reference engine.")
        {
            cases, seed, profile, workers, shard, replay,
        };
        command.SetAction(parse =>
        {
            var profileName = parse.GetValue(profile);
            if (parse.GetValue(replay) is not null && parse.GetValue(shard) is not null)
            {
                error.WriteLine("--replay runs the one case it names; it cannot be combined with --shard.");
                return BadArguments;
            }

            // A case's size depends on the run's count, so the default is the count of the suite the properties come from.
            var count = parse.GetValue(cases) ?? (profileName is null ? TrainabilityProperties.Cases : ProfileProperties.Cases);
            var settings = CheckSettingsOf(
                parse.GetValue(seed), count, parse.GetValue(workers), parse.GetValue(shard), parse.GetValue(replay), error);
            if (settings is null)
            {
                return BadArguments;
            }

            var properties = Properties(profileName, error);
            if (properties is null)
            {
                return BadArguments;
            }

            var failed = 0;
            foreach (var (name, stream, property) in properties)
            {
                // Each property's cases from its own stream, as the test suites draw them, so both run the same cases.
                var report = PropertyCheck.Run(name, property, settings.MaxTest!.Value, settings.ForProperty(stream));
                output.WriteLine(report.Message);
                output.WriteLine(Ran(report, settings));
                if (!report.Passed && ReplayCommand(report, profileName) is { } command)
                {
                    output.WriteLine(command);
                }

                failed += report.Passed ? 0 : 1;
            }

            output.WriteLine($"{properties.Count - failed} passed, {failed} failed");
            return failed == 0 ? 0 : PropertyFailed;
        });
        return command;
    }

    private static CheckSettings? CheckSettingsOf(string? seed, int cases, string? workers, string? shard, string? replay, TextWriter error)
    {
        try
        {
            return CheckSettings.FromOptions(seed, cases.ToString(CultureInfo.InvariantCulture), workers, shard, replay);
        }
        catch (FormatException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }

    // How many cases the property ran and which: a shard's job in a CI matrix shows its own slice.
    private static string Ran(PropertyReport report, CheckSettings settings)
    {
        if (settings.Replay is { } one)
        {
            return $"  ran the one case {one.Seed},{one.Gamma},{one.Size}";
        }

        static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
        var slice = settings.Shard is { } shard ? $", shard {shard}" : "";
        var range = report.CasesRun == 0 ? "" : $": {N(report.FirstCase + 1)} to {N(report.FirstCase + report.CasesRun)}";
        return $"  ran {N(report.CasesRun)} {(report.CasesRun == 1 ? "case" : "cases")}{range} of {N(settings.MaxTest!.Value)}{slice}";
    }

    // The same case again with this command, from the replay line FsCheck's report closes with.
    private static string? ReplayCommand(PropertyReport report, string? profile)
    {
        const string Marker = "TRAINABLESPEC_REPLAY=";
        var at = report.Message.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var value = report.Message[(at + Marker.Length)..].Split('\n', 2)[0].Trim();
        return $"Replay it with this command: trainable-spec check --replay {value}{(profile is null ? "" : $" --profile {profile}")}";
    }

    // The article's suite on the default engine, or one profile's suite on the engine in that profile's mode.
    private static IReadOnlyList<(string Name, string Stream, Func<FsCheck.Property> Property)>? Properties(
        string? profileName, TextWriter error)
    {
        if (profileName is null)
        {
            // Each worker thread builds its own property, with its own engine.
            return
            [
                .. TrainabilityProperties.Suite.Select(p => (p.Name, p.Name, (Func<FsCheck.Property>)(() =>
                    p.Build(new SuiteTarget(new ReferenceImplementation(), FrameworkProfiles.Keras216))))),
            ];
        }

        ReferenceMode mode;
        try
        {
            mode = ReferenceModes.Named(profileName);
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
            return null;
        }

        return
        [
            .. ProfileProperties.Suite.Select(p => ($"{p.Name} ({profileName})", p.Name, (Func<FsCheck.Property>)(() =>
                p.Build(new SuiteTarget(mode.Implementation(), mode.Profile))))),
        ];
    }
}
