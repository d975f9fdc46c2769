using System.Diagnostics;
using Spectre.Console;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// Checks another implementation's results against the corpus: from a folder of result files named after the
/// cases, or from a command run once per case with the case on standard input and the result on standard
/// output (as toml-test does). Every case is a pass or a failure with its reason; a malformed case or result is
/// a failure naming the file, never a pass and never a crash.
/// </summary>
internal static class CorpusVerification
{
    public const int SomeFailed = 1;
    public const int NoCases = 2;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);

    public static int Run(
        string corpus, string? profile, string? results, string? command, TextWriter output, TextWriter error) =>
        Run(new VerifyOptions(corpus, profile, results, command), output, error);

    public static int Run(VerifyOptions options, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (corpus, profile, results, command) = (options.Corpus, options.Profile, options.Results, options.Command);
        var folder = Path.Combine(corpus, "cases");
        var cases = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray() : [];
        if (cases.Length == 0)
        {
            error.WriteLine($"No cases found in {folder}; export a corpus first ('export --out {corpus}').");
            return NoCases;
        }

        if ((results is null) == (command is null))
        {
            error.WriteLine("Give exactly one of --results DIR or --command CMD.");
            return NoCases;
        }

        if (profile is not null && !FrameworkProfiles.All.Any(p => p.Name == profile))
        {
            error.WriteLine(
                $"There is no profile '{profile}'; the profiles are {string.Join(", ", FrameworkProfiles.All.Select(p => p.Name))}.");
            return NoCases;
        }

        KnownDeviations? known = null;
        if (options.KnownDeviations is { } listed)
        {
            try
            {
                known = KnownDeviations.Read(listed, profile);
            }
            catch (CorpusFormatException e)
            {
                error.WriteLine(e.Message);
                return NoCases;
            }
        }

        var validator = new SchemaValidator();
        // Adapters run as separate processes, so cases run side by side; the report keeps the cases' order.
        if (options.Jobs is < 1 or > MaxJobs)
        {
            error.WriteLine($"--jobs must be from 1 to {MaxJobs}, but was {options.Jobs}.");
            return NoCases;
        }

        var verdicts = cases.AsParallel().AsOrdered().WithDegreeOfParallelism(options.Jobs)
            .Select(path => Verify(path, profile, results, command, validator))
            .Select(v => Judge(v.Name, v.Failures, known?.Of(v.Name), options.KnownDeviations))
            .ToArray();
        var console = PlainConsole.Over(output);
        var table = new Table().AddColumns("case", "verdict", "reason");
        foreach (var verdict in verdicts)
        {
            table.AddRow(Markup.Escape(verdict.Name), verdict.Label, Markup.Escape(verdict.Reasons.FirstOrDefault() ?? ""));
        }

        console.Write(table);
        foreach (var verdict in verdicts.Where(v => v.Reasons.Count > 0))
        {
            output.WriteLine($"{verdict.Name}{(verdict.Label == Deviation ? " (known deviation)" : "")}:");
            foreach (var reason in verdict.Reasons)
            {
                output.WriteLine($"  {reason}");
            }
        }

        // A listed case the corpus does not hold is a stale entry: a failure, so the list is reviewed.
        var names = verdicts.Select(v => v.Name).ToHashSet();
        var stale = (known?.Deviations ?? []).Where(d => !names.Contains(d.Case)).ToArray();
        foreach (var entry in stale)
        {
            output.WriteLine($"{entry.Case}:");
            output.WriteLine(
                $"  listed as a known deviation in {options.KnownDeviations}, but the corpus has no such case: remove it from the list");
        }

        var failed = verdicts.Count(v => v.Label == Fail) + stale.Length;
        var deviations = verdicts.Count(v => v.Label == Deviation);
        output.WriteLine(
            $"{verdicts.Count(v => v.Label == Pass)} passed, {failed} failed"
            + (known is null ? "" : $", {deviations} known deviations")
            + (profile is null ? "" : $" ({profile})"));
        return failed == 0 ? 0 : SomeFailed;
    }

    // PLINQ's own bound.
    private const int MaxJobs = 512;

    private const string Pass = "pass";
    private const string Fail = "FAIL";
    private const string Deviation = "known deviation";

    private static (string Name, string Label, IReadOnlyList<string> Reasons) Judge(
        string name, IReadOnlyList<string> failures, KnownDeviation? deviation, string? list)
    {
        if (deviation is null)
        {
            return (name, failures.Count == 0 ? Pass : Fail, failures);
        }

        if (failures.Count == 0)
        {
            return (name, Fail, [$"listed as a known deviation in {list}, but passes: remove it from the list"]);
        }

        // Every failure must be the listed one: a listed case failing in another way too is a failure.
        return failures.All(f => f.Contains(deviation.Failure, StringComparison.Ordinal))
            ? (name, Deviation, [deviation.Reason, .. failures])
            : (name, Fail, [$"listed as a known deviation in {list} failing with '{deviation.Failure}', but fails otherwise", .. failures]);
    }

    private static (string Name, IReadOnlyList<string> Failures) Verify(
        string casePath, string? profile, string? results, string? command, SchemaValidator validator)
    {
        var name = Path.GetFileNameWithoutExtension(casePath);
        try
        {
            var caseText = File.ReadAllText(casePath);
            if (validator.CaseErrors(caseText) is { } caseErrors)
            {
                throw new CorpusFormatException(casePath, $"malformed case: {caseErrors}");
            }

            var (document, scenario, caseProfile) = CorpusJson.ReadCase(casePath, caseText);
            if (profile is not null && caseProfile.Name != profile)
            {
                throw new CorpusFormatException(casePath, $"the case is for profile {caseProfile.Name}, not {profile}");
            }

            // The final weights are the reference engine's in the profile's mode: recomputed, so a stale case cannot mislead.
            var final = new WeightSet(document.Expected.FinalWeights);
            var reference = ReferenceModes.Of(caseProfile).Implementation().Run(scenario).Steps[^1].Weights;
            if (final.Names.FirstOrDefault(n => !final.BitIdentical(reference, n)) is { } stale)
            {
                throw new CorpusFormatException(
                    casePath,
                    $"expected.finalWeights[{stale}] is not the reference engine's in the {caseProfile.Name} mode; re-export the corpus");
            }

            var (resultPath, resultText) = command is null ? FromFolder(results!, name) : FromCommand(command, casePath);
            if (validator.ResultErrors(resultText) is { } resultErrors)
            {
                throw new CorpusFormatException(resultPath, $"malformed result: {resultErrors}");
            }

            var run = CorpusJson.ReadResult(resultPath, resultText, document.Name, scenario);
            return (name, CorpusJson.Verify(document, scenario, caseProfile, run));
        }
        catch (CorpusFormatException e)
        {
            return (name, [e.Message]);
        }
        catch (IOException e)
        {
            return (name, [$"{casePath}: {e.Message}"]);
        }
    }

    private static (string Path, string Text) FromFolder(string folder, string name)
    {
        var path = Path.Combine(folder, name + ".json");
        return File.Exists(path) ? (path, File.ReadAllText(path)) : throw new CorpusFormatException(path, "no result file for this case");
    }

    private static (string Path, string Text) FromCommand(string command, string casePath)
    {
        // The case reaches the adapter's standard input from the file itself, so an adapter that exits without
        // reading it cannot break a pipe under us; its exit code then says what happened.
        var start = new ProcessStartInfo("/bin/sh", ["-c", "exec < \"$TRAINABLESPEC_CASE_FILE\"; " + command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TRAINABLESPEC_CASE_FILE"] = Path.GetFullPath(casePath) },
        };
        using var process = Process.Start(start) ?? throw new CorpusFormatException(casePath, $"could not start '{command}'");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(CommandTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new CorpusFormatException(casePath, $"'{command}' did not answer within {CommandTimeout.TotalSeconds:F0} s");
        }

        var where = $"output of '{command}' for {Path.GetFileName(casePath)}";
        return process.ExitCode == 0
            ? (where, stdout.Result)
            : throw new CorpusFormatException(where, $"exited with code {process.ExitCode}: {stderr.Result.Split('\n')[0].Trim()}");
    }
}
