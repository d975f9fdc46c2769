using TrainableSpec.Cli;
using TrainableSpec.Specification.Corpus;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>TorchSharp checked the second way: its results for an exported corpus, through the verifier.</summary>
public sealed class CorpusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trainable-spec-torch-corpus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void TorchSharps_results_pass_every_case_of_an_exported_corpus()
    {
        // Arrange
        var corpus = Path.Combine(_folder, "corpus");
        var results = Directory.CreateDirectory(Path.Combine(_folder, "results")).FullName;
        Assert.Equal(0, CommandLine.Run(["export", "--out", corpus, "--cases", "100"], TextWriter.Null, TextWriter.Null));
        var torch = new TorchSharpImplementation();
        foreach (var path in Directory.GetFiles(Path.Combine(corpus, "cases")))
        {
            var (document, scenario, _) = CorpusJson.ReadCase(path, File.ReadAllText(path));
            File.WriteAllText(
                Path.Combine(results, document.Name + ".json"),
                CorpusJson.Write(CorpusJson.ToDocument(document.Name, torch.Run(scenario))));
        }

        // Act
        using var output = new StringWriter();
        var exit = CommandLine.Run(["verify", "--corpus", corpus, "--results", results], output, TextWriter.Null);

        // Assert
        Assert.True(exit == 0, output.ToString());
        // The cases drawn from the article, the profile matrix's rows Keras 2 can run (all but the three variable flags),
        // and the hundred generated.
        var cases = CaseNames.Article.Length + Specification.Profiles.MatrixScenarios.All.Length - 3 + 100;
        Assert.EndsWith($"{cases} passed, 0 failed", output.ToString().TrimEnd());
    }
}
