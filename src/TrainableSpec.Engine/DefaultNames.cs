namespace TrainableSpec.Engine;

/// <summary>
/// Default layer names (<c>input_1</c>, <c>dense_2</c>): the first few of the common kinds are made once per process,
/// since every session names its layers from 1 again and would otherwise format the same strings each time.
/// </summary>
internal static class DefaultNames
{
    private const int Kept = 16;

    private static readonly string[] s_prefixes = ["input", "dense", "container", "model", "batch_normalization"];
    private static readonly string[][] s_names = [.. s_prefixes.Select(p => Enumerable.Range(1, Kept).Select(n => $"{p}_{n}").ToArray())];

    /// <summary>The name <c>{prefix}_{number}</c>.</summary>
    public static string Of(string prefix, int number)
    {
        var kind = Array.IndexOf(s_prefixes, prefix);
        return kind >= 0 && number <= Kept ? s_names[kind][number - 1] : $"{prefix}_{number}";
    }
}
