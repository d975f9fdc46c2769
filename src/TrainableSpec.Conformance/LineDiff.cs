using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace TrainableSpec.Conformance;

/// <summary>A line diff of an accepted and a received snapshot, as a test failure shows it (DiffPlex's line diff).</summary>
internal static class LineDiff
{
    public static string Of(string accepted, string received)
    {
        var text = new StringBuilder("--- accepted").AppendLine().AppendLine("+++ received");
        foreach (var line in InlineDiffBuilder.Diff(accepted, received, ignoreWhiteSpace: false).Lines)
        {
            var mark = line.Type switch
            {
                ChangeType.Inserted => "+ ",
                ChangeType.Deleted => "- ",
                _ => "  ",
            };
            text.Append(mark).AppendLine(line.Text);
        }

        return text.ToString();
    }
}
