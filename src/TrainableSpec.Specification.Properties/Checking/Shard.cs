using System.Globalization;

namespace TrainableSpec.Specification.Checking;

/// <summary>
/// Shard <see cref="Number"/> of <see cref="Count"/>: one contiguous slice of the cases a single run would check.
/// For a run of <c>N</c> cases, shard <c>i</c> runs the cases numbered <c>⌊N·(i−1)/n⌋</c> to <c>⌊N·i/n⌋ − 1</c>
/// (from 0), each from the same seed and at the same size as in the single run, so shards 1 to <c>n</c> together run
/// exactly the single run's cases and no case twice.
/// </summary>
public sealed record Shard
{
    /// <summary>Shard <paramref name="number"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not positive, or the number is not between 1 and the count.</exception>
    public Shard(int number, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, count);
        Number = number;
        Count = count;
    }

    /// <summary>Which shard, from 1.</summary>
    public int Number { get; }

    /// <summary>How many shards the run is cut into.</summary>
    public int Count { get; }

    /// <summary>Reads <c>i/n</c> as a CI job matrix writes it, e.g. <c>3/10</c>.</summary>
    /// <param name="text">The text to read.</param>
    /// <param name="source">The option or variable it came from, named in the message of a malformed one.</param>
    /// <exception cref="FormatException">The text is not <c>i/n</c> with 1 ≤ i ≤ n; the message names the source and the value.</exception>
    public static Shard Parse(string text, string source)
    {
        var parts = text.Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !Whole(parts[0], out var number) || !Whole(parts[1], out var count))
        {
            throw new FormatException($"{source} must be 'i/n' with whole numbers 1 ≤ i ≤ n, e.g. 3/10, but was '{text}'.");
        }

        if (count == 0)
        {
            throw new FormatException($"{source}: '{text}' cuts the run into 0 shards; there must be at least one.");
        }

        return number >= 1 && number <= count
            ? new Shard(number, count)
            : throw new FormatException($"{source}: shard {number} of {count} does not exist; shards are numbered 1 to {count}.");
    }

    /// <summary>The cases of a run of <paramref name="cases"/> this shard runs: numbers <c>First</c> to <c>End − 1</c>, from 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">There are fewer cases than shards, so some shard would run none.</exception>
    public (int First, int End) Range(int cases)
    {
        // Fewer cases than shards is a misconfigured matrix: some job would pass having checked nothing.
        return cases >= Count
            ? ((int)((long)cases * (Number - 1) / Count), (int)((long)cases * Number / Count))
            : throw new ArgumentOutOfRangeException(
                nameof(cases), cases, $"Shard {this} needs at least {Count} cases, one per shard, but the run has {cases}.");
    }

    /// <summary>As a job matrix writes it: <c>3/10</c>.</summary>
    public override string ToString() => $"{Number}/{Count}";

    private static bool Whole(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
