using FsCheck;
using FsCheck.Fluent;
using Spectre.Console;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// Writes a seeded corpus: the two schemas, the article's four cases by name, and generated cases
/// <c>case-0001.json</c>… (case i is drawn from seed + i, with sizes growing from 1 to 100, so any one case can
/// be re-exported alone). Nothing that exists is overwritten unless asked.
/// </summary>
internal static class CorpusExport
{
    public const int WouldOverwrite = 4;

    public static int Run(string folder, int count, CheckSettings settings, bool force, TextWriter output, TextWriter error)
    {
        var reference = new ReferenceImplementation();
        var cases = ArticleExperiment.Cases.Select(c => ($"article-{c.Name}", (Func<Scenario>)(() => ArticleExperiment.ScenarioOf(c))))
            .Append(("article-container_used_twice", ArticleExperiment.ScenarioWithContainerUsedTwice))
            .Concat(Enumerable.Range(1, count).Select(i => ($"case-{i:D4}", (Func<Scenario>)(() => Generated(settings, i, count)))))
            .ToArray();
        var files = cases.Select(c => (Path: Path.Combine(folder, "cases", c.Item1 + ".json"), c.Item1, c.Item2))
            .ToArray();
        var targets = files.Select(f => f.Path)
            .Append(Path.Combine(folder, CorpusSchemas.CaseFileName))
            .Append(Path.Combine(folder, CorpusSchemas.ResultFileName))
            .ToArray();
        var existing = targets.Where(File.Exists).ToArray();
        if (existing.Length > 0 && !force)
        {
            error.WriteLine(
                $"Refusing to overwrite {existing.Length} existing file(s), first {existing[0]}; pass --force to replace them.");
            return WouldOverwrite;
        }

        Directory.CreateDirectory(Path.Combine(folder, "cases"));
        File.WriteAllText(Path.Combine(folder, CorpusSchemas.CaseFileName), CorpusSchemas.Case);
        File.WriteAllText(Path.Combine(folder, CorpusSchemas.ResultFileName), CorpusSchemas.Result);
        PlainConsole.Over(output, interactive: !Console.IsOutputRedirected && ReferenceEquals(output, Console.Out))
            .Progress()
            .Start(context =>
            {
                var task = context.AddTask("exporting cases", maxValue: files.Length);
                foreach (var (path, name, scenario) in files)
                {
                    var described = scenario();
                    File.WriteAllText(
                        path,
                        CorpusJson.Write(
                            CorpusJson.ToDocument(name, described, reference.Run(described), DifferentialProperties.Tolerance)));
                    task.Increment(1);
                }
            });
        output.WriteLine(
            $"Exported {files.Length} cases ({ArticleExperiment.Cases.Length + 1} from the article, "
            + $"{count} generated from seed {settings.Seed},{settings.Gamma}) to {Path.GetFullPath(folder)}.");
        return 0;
    }

    private static Scenario Generated(CheckSettings settings, int index, int count)
    {
        var size = count == 1 ? 50 : 1 + ((index - 1) * 99 / (count - 1));
        return Gen.Sample(ScenarioGenerators.Scenarios, 1, new Rnd(settings.Seed + (ulong)index, settings.Gamma), size)[0];
    }
}
