using System.Diagnostics;
using Spectre.Console;
using TrainableSpec.Specification.Corpus;
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

    public static int Run(string corpus, string? profile, string? results, string? command, TextWriter output, TextWriter error)
    {
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

        var validator = new SchemaValidator();
        var verdicts = cases.Select(path => Verify(path, profile, results, command, validator)).ToArray();
        var console = PlainConsole.Over(output);
        var table = new Table().AddColumns("case", "verdict", "reason");
        foreach (var (name, failures) in verdicts)
        {
            table.AddRow(Markup.Escape(name), failures.Count == 0 ? "pass" : "FAIL", Markup.Escape(failures.FirstOrDefault() ?? ""));
        }

        console.Write(table);
        foreach (var (name, failures) in verdicts.Where(v => v.Failures.Count > 0))
        {
            output.WriteLine($"{name}:");
            foreach (var failure in failures)
            {
                output.WriteLine($"  {failure}");
            }
        }

        var failed = verdicts.Count(v => v.Failures.Count > 0);
        output.WriteLine($"{verdicts.Length - failed} passed, {failed} failed{(profile is null ? "" : $" ({profile})")}");
        return failed == 0 ? 0 : SomeFailed;
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
