namespace TrainableSpec.Engine;

/// <summary>
/// Default layer names (<c>input_1</c>, <c>dense_2</c>): the first few of the engine's kinds are made once per process,
/// since every session names its layers from 1 again and would otherwise format the same strings each time.
/// </summary>
internal static class DefaultNames
{
    private const int Kept = 16;

    private static readonly string[] s_prefixes = ["input", "dense", "container", "model", "batch_normalization"];
    private static readonly string[][] s_names = [.. s_prefixes.Select(p => Enumerable.Range(1, Kept).Select(n => $"{p}_{n}").ToArray())];

    /// <summary>How many kinds are counted by <see cref="KindOf"/>.</summary>
    public static int Kinds => s_prefixes.Length;

    /// <summary>The kind of <paramref name="prefix"/>, or -1 for a prefix the engine's layers do not use.</summary>
    public static int KindOf(string prefix) => Array.IndexOf(s_prefixes, prefix);

    /// <summary>The name <c>{prefix}_{number}</c> of the kind's prefix.</summary>
    public static string Of(int kind, int number) => number <= Kept ? s_names[kind][number - 1] : $"{s_prefixes[kind]}_{number}";
}
