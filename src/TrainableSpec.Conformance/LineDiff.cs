using System.Text;

namespace TrainableSpec.Conformance;

/// <summary>A minimal line diff (longest common subsequence), enough to read a snapshot change in a test failure.</summary>
internal static class LineDiff
{
    public static string Of(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        var lengths = new int[expected.Count + 1, actual.Count + 1];
        for (var i = expected.Count - 1; i >= 0; i--)
        {
            for (var j = actual.Count - 1; j >= 0; j--)
            {
                lengths[i, j] = expected[i] == actual[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var text = new StringBuilder("--- accepted").AppendLine().AppendLine("+++ received");
        var (a, b) = (0, 0);
        while (a < expected.Count || b < actual.Count)
        {
            if (a < expected.Count && b < actual.Count && expected[a] == actual[b])
            {
                text.AppendLine($"  {expected[a]}");
                (a, b) = (a + 1, b + 1);
            }
            else if (b < actual.Count && (a == expected.Count || lengths[a, b + 1] >= lengths[a + 1, b]))
            {
                text.AppendLine($"+ {actual[b++]}");
            }
            else
            {
                text.AppendLine($"- {expected[a++]}");
            }
        }

        return text.ToString();
    }
}
