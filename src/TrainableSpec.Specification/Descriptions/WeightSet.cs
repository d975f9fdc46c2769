using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// Float32 values of named weights (<c>dense_1/kernel</c> → row-major values). Comparisons are bit-for-bit:
/// a weight "changed" when any of its values has a different bit pattern.
/// </summary>
public sealed class WeightSet
{
    private readonly ImmutableSortedDictionary<string, ImmutableArray<float>> _values;

    /// <summary>Creates a weight set from names and values (copied).</summary>
    public WeightSet(IEnumerable<KeyValuePair<string, float[]>> values) =>
        _values = values.ToImmutableSortedDictionary(kv => kv.Key, kv => kv.Value.ToImmutableArray(), StringComparer.Ordinal);

    private WeightSet(ImmutableSortedDictionary<string, ImmutableArray<float>> values) => _values = values;

    /// <summary>The weight names, in ordinal order.</summary>
    public IEnumerable<string> Names => _values.Keys;

    /// <summary>The values of one weight.</summary>
    public ImmutableArray<float> this[string name] =>
        _values.TryGetValue(name, out var v) ? v : throw new InvalidDescriptionException($"The weight set has no weight named '{name}'.");

    /// <summary>Whether the set holds a weight of that name.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>True when both sets hold a weight of that name with the same bit patterns.</summary>
    public bool BitIdentical(WeightSet other, string name) =>
        _values.TryGetValue(name, out var mine) && other._values.TryGetValue(name, out var theirs) && BitIdentical(mine, theirs);

    /// <summary>The names whose values differ bit-for-bit between the two sets.</summary>
    public ImmutableSortedSet<string> ChangedFrom(WeightSet before) =>
        [.. Names.Where(n => !BitIdentical(before, n))];

    /// <summary>
    /// Where the values of <paramref name="other"/> are furthest from these, as |this − other| / (1 + |this|):
    /// the measure both the differential property and the corpus verifier hold to a tolerance.
    /// </summary>
    public (string Name, int Index, double Difference) LargestRelativeDifference(WeightSet other) =>
        Names.SelectMany(n => this[n].Zip(other[n])
                .Select((p, i) => (Name: n, Index: i, Difference: Math.Abs(p.First - (double)p.Second) / (1 + Math.Abs(p.First)))))
            .DefaultIfEmpty((Name: "", Index: 0, Difference: 0.0))
            .MaxBy(d => d.Difference);

    /// <summary>The subset with only the named weights.</summary>
    public WeightSet Only(IEnumerable<string> names)
    {
        var keep = names.ToHashSet();
        return new WeightSet(_values.Where(kv => keep.Contains(kv.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal));
    }

    /// <summary>This set with one weight's values replaced.</summary>
    public WeightSet With(string name, float[] values) => new(_values.SetItem(name, [.. values]));

    /// <summary>Checks that the set holds exactly the tree's weights, each with width² (kernel) or width (bias) finite values.</summary>
    /// <exception cref="InvalidDescriptionException">A weight is missing, unknown, the wrong size or not finite.</exception>
    public void CheckFits(TreeDescription tree)
    {
        var expected = tree.WeightNames.ToHashSet();
        foreach (var name in expected.Where(n => !Contains(n)))
        {
            throw new InvalidDescriptionException($"Weight '{name}' of the tree has no initial values.");
        }

        foreach (var (name, values) in _values)
        {
            if (!expected.Contains(name))
            {
                throw new InvalidDescriptionException($"Weight '{name}' is not a weight of the tree.");
            }

            var size = name.EndsWith("/kernel", StringComparison.Ordinal) ? tree.Width * tree.Width : tree.Width;
            if (values.Length != size)
            {
                throw new InvalidDescriptionException(
                    $"Weight '{name}' has {values.Length} values, but the tree's width {tree.Width} needs {size}.");
            }

            if (name.EndsWith("/moving_variance", StringComparison.Ordinal) && values.Any(v => v < 0f))
            {
                throw new InvalidDescriptionException(
                    $"Weight '{name}' has a negative value {values.First(v => v < 0f)}; a variance cannot be negative.");
            }

            var bad = values.IndexOf(values.FirstOrDefault(v => !float.IsFinite(v)));
            if (values.Any(v => !float.IsFinite(v)))
            {
                throw new InvalidDescriptionException($"Weight '{name}' value {bad} is {values[bad]}; weights must be finite.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(
            "; ",
            _values.Select(kv => $"{kv.Key}=[{string.Join(" ", kv.Value.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]"));

    // Compares bit patterns, so -0 differs from 0 and NaN payloads count; no tolerance anywhere.
    private static bool BitIdentical(ImmutableArray<float> a, ImmutableArray<float> b) =>
        MemoryMarshal.Cast<float, int>(a.AsSpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(b.AsSpan()));
}
