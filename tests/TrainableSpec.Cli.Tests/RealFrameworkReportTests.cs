using System.Reflection;
using System.Text.RegularExpressions;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Cli.Tests;

/// <summary>
/// The profile matrix says its TensorFlow.js and PyTorch columns were observed on the real frameworks: the reports CI
/// regenerates and compares with the committed ones must bear that out, row by row.
/// </summary>
public sealed partial class RealFrameworkReportTests
{
    private static readonly string Root = typeof(RealFrameworkReportTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static TheoryData<string> Observed => ["tfjs-4.22", "pytorch", "pytorch-filtered"];

    [Theory]
    [MemberData(nameof(Observed))]
    public void Every_named_case_of_a_real_frameworks_profile_passes_in_its_committed_report(string name)
    {
        // Arrange
        var profile = FrameworkProfiles.Named(name);
        var report = File.ReadAllLines(Path.Combine(Root, "snapshots", "real-frameworks", $"{name}.verify.txt"));
        var verdicts = report.Select(l => Row().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["case"].Value, m => m.Groups["verdict"].Value);
        var named = CaseNames.Article.Select(c => c.Name)
            .Concat(MatrixScenarios.All.Where(m => profile.Offers(m.Scenario)).Select(CaseNames.Of))
            .ToArray();

        // Act
        var missing = named.Where(n => verdicts.GetValueOrDefault(n) != "pass").ToArray();

        // Assert
        Assert.Empty(missing);
        Assert.True(verdicts.Keys.Count(k => k.StartsWith("case-", StringComparison.Ordinal)) >= 300, "at least 300 generated cases");
        Assert.EndsWith($" passed, 0 failed, 0 known deviations ({name})", report[^1]);
        // The matrix's accepted snapshot (which ProfileMatrixTests holds to the rendering) carries the line that says so.
        Assert.Contains(
            ProfileMatrix.ObservedOnRealFrameworks, File.ReadAllText(Path.Combine(Root, "snapshots", "Profiles.matrix.approved.txt")));
    }

    [GeneratedRegex(@"^│ (?<case>[a-z0-9_A-Z-]+) +│ (?<verdict>pass|FAIL|known deviation) +│")]
    private static partial Regex Row();
}
