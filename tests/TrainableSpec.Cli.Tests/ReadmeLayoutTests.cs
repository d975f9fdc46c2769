using System.Reflection;
using System.Text.RegularExpressions;

namespace TrainableSpec.Cli.Tests;

/// <summary>README's layout table and the solution name the same projects, each once.</summary>
public sealed partial class ReadmeLayoutTests
{
    private static readonly string Root = typeof(ReadmeLayoutTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    [Fact]
    public void Every_project_of_the_solution_has_one_row_in_READMEs_layout_table_and_every_row_names_one()
    {
        // Arrange: test projects share one row; everything else has its own.
        var projects = ProjectLine().Matches(File.ReadAllText(Path.Combine(Root, "TrainableSpec.sln")))
            .Select(m => Path.GetDirectoryName(m.Groups["path"].Value.Replace('\\', '/'))!)
            .Select(p => TestProject().IsMatch(p) ? "tests/TrainableSpec.*.Tests" : p)
            .Distinct()
            .Order(StringComparer.Ordinal);

        // Act
        var rows = File.ReadAllLines(Path.Combine(Root, "README.md"))
            .SkipWhile(l => l != "## Layout").TakeWhile(l => !l.StartsWith("An implementation plugs in", StringComparison.Ordinal))
            .Select(l => RowPath().Match(l)).Where(m => m.Success).Select(m => m.Groups["path"].Value)
            .ToArray();

        // Assert
        Assert.Equal(projects, rows.Order(StringComparer.Ordinal));
        Assert.Equal(rows.Length, rows.Distinct().Count());
    }

    [GeneratedRegex(@"^Project\(""\{[^}]+\}""\) = ""[^""]+"", ""(?<path>[^""]+\.csproj)""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

    [GeneratedRegex(@"^tests/TrainableSpec\.\w+(\.\w+)*\.Tests$")]
    private static partial Regex TestProject();

    [GeneratedRegex(@"^\| `(?<path>(src|tests|benchmarks)/[^`]+)` \|")]
    private static partial Regex RowPath();
}
