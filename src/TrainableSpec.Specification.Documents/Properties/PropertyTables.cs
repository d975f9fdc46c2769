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
        Table(text, "TrainabilitySpecificationTests", TrainabilityProperties.Cases, Rows(TrainabilityProperties.Suite));
        Table(text, "ProfileSpecificationTests", ProfileProperties.Cases, Rows(ProfileProperties.Suite));
        Table(text, "PyTorchProfileSpecificationTests", PyTorchProperties.Cases, Rows(PyTorchProperties.Suite));
        return text.ToString().TrimEnd() + "\n";
    }

    private static IEnumerable<(string Sentence, Capability Requires)> Rows<TTarget>(IEnumerable<SuiteProperty<TTarget>> suite) =>
        suite.Select(p => (p.Sentence, p.Requires));

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
