using System.Globalization;
using System.Text;
using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.Specification.Properties;

/// <summary>README's property tables, rendered from the suites' own tables, so README cannot list another set.</summary>
public static class PropertyTables
{
    /// <summary>One Markdown table per suite: each property's number, sentence and the capability it needs.</summary>
    public static string Render()
    {
        var text = new StringBuilder();
        Table(text, "TrainabilitySpecificationTests", TrainabilityProperties.Cases, TrainabilityProperties.Suite.Select(p => (p.Sentence, p.Requires)));
        Table(text, "ProfileSpecificationTests", ProfileProperties.Cases, ProfileProperties.Suite.Select(p => (p.Sentence, p.Requires)));
        Table(text, "PyTorchProfileSpecificationTests", PyTorchProperties.Cases, PyTorchProperties.Suite.Select(p => (p.Sentence, p.Requires)));
        return text.ToString().TrimEnd() + "\n";
    }

    private static void Table(StringBuilder text, string suite, int cases, IEnumerable<(string Sentence, Capability Requires)> rows)
    {
        text.Append(CultureInfo.InvariantCulture, $"`{suite}`, {cases:N0} generated cases per property:\n\n");
        text.Append("| # | property (its test's name is the sentence) | needs |\n|---|---|---|\n");
        foreach (var (row, index) in rows.Select((r, i) => (r, i + 1)))
        {
            var needs = row.Requires == Capability.None ? "—" : $"`Supports{row.Requires}`";
            text.Append(CultureInfo.InvariantCulture, $"| {index} | {row.Sentence}. | {needs} |\n");
        }

        text.Append('\n');
    }
}
