using System.CommandLine;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
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
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("TrainableSpec: how trainable flags compose when layers are nested inside containers.");
        root.Subcommands.Add(Article(output));
        root.Subcommands.Add(Check(output, error));
        return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    private static Command Article(TextWriter output)
    {
        var command = new Command("article", "Reproduces the article's experiment (Keras 2.1.6) on the reference engine and prints its four cases and its table.");
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

    private static Command Check(TextWriter output, TextWriter error)
    {
        var cases = new Option<int>("--cases") { Description = "Generated cases per property.", DefaultValueFactory = _ => TrainabilityProperties.Cases };
        var seed = new Option<string?>("--seed") { Description = "The run's seed as 'seed,gamma' (gamma odd), as a failure prints it." };
        var command = new Command("check", "Runs every property of the specification against the reference engine.") { cases, seed };
        command.SetAction(parse =>
        {
            CheckSettings settings;
            try
            {
                settings = CheckSettings.Parse(parse.GetValue(seed), null, parse.GetValue(cases).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (FormatException e)
            {
                error.WriteLine(e.Message.Replace("TRAINABLESPEC_SEED", "--seed").Replace("TRAINABLESPEC_MAX_TEST", "--cases"));
                return BadArguments;
            }

            var implementation = new ReferenceImplementation();
            var failed = 0;
            foreach (var (name, property) in TrainabilityProperties.All)
            {
                var report = PropertyCheck.Run(name, property(implementation), settings.MaxTest!.Value, settings);
                output.WriteLine(report.Message);
                failed += report.Passed ? 0 : 1;
            }

            output.WriteLine($"{TrainabilityProperties.All.Length - failed} passed, {failed} failed");
            return failed == 0 ? 0 : PropertyFailed;
        });
        return command;
    }
}
