using FsCheck;
using FsCheck.Fluent;
using Spectre.Console;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// Writes a seeded corpus for one profile: the schemas, the article's cases and the profile matrix's scenarios by name
/// (<c>article-…</c>, <c>matrix-…</c>; those with a step the profile does not offer are left out, and those with a batch
/// normalization or a stateful optimizer unless that generator is asked for), and generated cases
/// <c>case-0001.json</c>… drawn in turn from the profile's generators (case i from seed + i, with sizes growing from 1 to
/// 100, so any one case can be re-exported alone). Expected outcomes are the profile's predictions; final weights are
/// the reference engine's in the profile's mode. Nothing that exists is overwritten unless asked.
/// </summary>
internal static class CorpusExport
{
    public const int WouldOverwrite = 4;

    public static int Run(
        string folder, FrameworkProfile profile, CorpusGenerators generators, int count, CheckSettings settings, bool force,
        TextWriter output, TextWriter error)
    {
        var mode = ReferenceModes.Of(profile);
        var named = CaseNames.Article
            .Concat(MatrixScenarios.All.Where(m => profile.Offers(m.Scenario) && generators.Cover(m.Scenario))
                .Select(m => (CaseNames.Of(m), (Func<Scenario>)(() => m.Scenario))))
            .ToArray();
        var drawn = generators.For(profile);
        var cases = named.Concat(Enumerable.Range(1, count)
                .Select(i => ($"case-{i:D4}", (Func<Scenario>)(() => Generated(drawn[(i - 1) % drawn.Length], settings, i, count)))))
            .Select(c => (Path: Path.Combine(folder, "cases", c.Item1 + ".json"), Name: c.Item1, Scenario: c.Item2))
            .ToArray();
        var schemas = new[] { (CorpusSchemas.CaseFileName, CorpusSchemas.Case), (CorpusSchemas.ResultFileName, CorpusSchemas.Result) };
        var existing = cases.Select(c => c.Path).Concat(schemas.Select(s => Path.Combine(folder, s.Item1))).Where(File.Exists).ToArray();
        if (existing.Length > 0 && !force)
        {
            error.WriteLine(
                $"Refusing to overwrite {existing.Length} existing file(s), first {existing[0]}; pass --force to replace them.");
            return WouldOverwrite;
        }

        Directory.CreateDirectory(Path.Combine(folder, "cases"));
        foreach (var (name, text) in schemas)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        PlainConsole.Over(output, interactive: !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out))
            .Progress()
            .Start(context =>
            {
                var task = context.AddTask($"exporting {profile.Name} cases", maxValue: cases.Length);
                foreach (var (path, name, scenario) in cases)
                {
                    var described = scenario();
                    var document = CorpusJson.ToDocument(
                        name, described, profile, mode.Implementation().Run(described), DifferentialProperties.Tolerance);
                    File.WriteAllText(path, CorpusJson.Write(document));
                    task.Increment(1);
                }
            });
        output.WriteLine(
            $"Exported {cases.Length} {profile.Name} cases ({named.Length} named: the article's and the profile matrix's; "
            + $"{count} generated from seed {settings.Seed},{settings.Gamma} by {generators}) to {Path.GetFullPath(folder)}.");
        return 0;
    }

    private static Scenario Generated(Gen<Scenario> generator, CheckSettings settings, int index, int count)
    {
        var size = count == 1 ? 50 : 1 + ((index - 1) * 99 / (count - 1));
        return Gen.Sample(generator, 1, new Rnd(settings.Seed + (ulong)index, settings.Gamma), size)[0];
    }
}
