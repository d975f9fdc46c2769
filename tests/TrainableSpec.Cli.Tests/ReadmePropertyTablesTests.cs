using System.Reflection;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Cli.Tests;

/// <summary>README lists each suite's properties exactly as the suites' tables hold them.</summary>
public sealed class ReadmePropertyTablesTests
{
    [Fact]
    public void README_shows_the_property_tables_the_suites_run()
    {
        // Arrange
        var root = typeof(ReadmePropertyTablesTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RepositoryRoot").Value!;
        var readme = File.ReadAllText(Path.Combine(root, "README.md")).ReplaceLineEndings("\n");
        const string begin = "<!-- properties:begin -->\n", end = "<!-- properties:end -->";

        // Act
        var start = readme.IndexOf(begin, StringComparison.Ordinal);
        var stop = readme.IndexOf(end, Math.Max(start, 0), StringComparison.Ordinal);
        Assert.True(start >= 0 && stop >= 0, "README has no <!-- properties:begin --> … <!-- properties:end --> block.");
        var shown = readme[(start + begin.Length)..stop];

        // Assert
        Assert.True(
            shown == PropertyTables.Render(),
            $"README's block between the properties markers must be, exactly:\n{PropertyTables.Render()}");
    }
}
