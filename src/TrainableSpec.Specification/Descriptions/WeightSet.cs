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
    // Names in ordinal order and the values at the same positions: a set is read far more often than it is made, and
    // a few dozen names are found faster by binary search in one array than through a balanced tree's nodes.
    private readonly string[] _names;
    private readonly ImmutableArray<float>[] _values;

    /// <summary>Creates a weight set from names and values (copied).</summary>
    /// <exception cref="ArgumentException">A name repeats.</exception>
    public WeightSet(IEnumerable<KeyValuePair<string, float[]>> values)
        : this(Sorted([.. (values ?? throw new ArgumentNullException(nameof(values))).Select(Copied)]))
    {
    }

    private WeightSet((string[] Names, ImmutableArray<float>[] Values) sorted) => (_names, _values) = sorted;

    /// <summary>
    /// Creates a weight set that holds the given values themselves, without copying them: an
    /// <see cref="ImmutableArray{T}"/> cannot change, so an implementation that snapshots each weight once (for
    /// instance into an array it then wraps with <c>ImmutableCollectionsMarshal.AsImmutableArray</c> and never writes
    /// again) hands that one copy over. The names are ordered ordinally as by the constructor; a repeated name or a
    /// default array is rejected.
    /// </summary>
    /// <exception cref="ArgumentException">A name repeats, or an array is default.</exception>
    public static WeightSet Create(IEnumerable<KeyValuePair<string, ImmutableArray<float>>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        // Only read, so an array is taken as it is.
        var pairs = values as KeyValuePair<string, ImmutableArray<float>>[] ?? [.. values];
        foreach (var pair in pairs)
        {
            ArgumentNullException.ThrowIfNull(pair.Key, nameof(values));
            if (pair.Value.IsDefault)
            {
                throw new ArgumentException($"The values of weight '{pair.Key}' are a default ImmutableArray.", nameof(values));
            }
        }

        return new WeightSet(Sorted(pairs));
    }

    /// <summary>
    /// Creates a weight set from parallel <paramref name="names"/> and <paramref name="values"/>, holding both arrays
    /// themselves without copying when the names are already in ordinal order (and ordering copies otherwise): an
    /// implementation that observes the same weights after every step passes the same names each time, and each
    /// weight's values as it snapshot them once (see <see cref="Create(IEnumerable{KeyValuePair{string, ImmutableArray{float}}})"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The arrays differ in length, a name repeats or is null, or an array is default.
    /// </exception>
    public static WeightSet Create(ImmutableArray<string> names, ImmutableArray<ImmutableArray<float>> values)
    {
        if (names.IsDefault || values.IsDefault || names.Length != values.Length)
        {
            throw new ArgumentException("The names and the values must be two arrays of the same length.", nameof(values));
        }

        var ordered = true;
        for (var i = 0; i < names.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(names[i], nameof(names));
            if (values[i].IsDefault)
            {
                throw new ArgumentException($"The values of weight '{names[i]}' are a default ImmutableArray.", nameof(values));
            }

            ordered &= i == 0 || string.CompareOrdinal(names[i - 1], names[i]) < 0;
        }

        return ordered
            ? new WeightSet((ImmutableCollectionsMarshal.AsArray(names)!, ImmutableCollectionsMarshal.AsArray(values)!))
            : new WeightSet(Sorted([.. names.Select((n, i) => KeyValuePair.Create(n, values[i]))]));
    }

    /// <summary>The weight names, in ordinal order.</summary>
    public IEnumerable<string> Names => ImmutableCollectionsMarshal.AsImmutableArray(_names);

    /// <summary>The values of one weight.</summary>
    public ImmutableArray<float> this[string name] =>
        IndexOf(name) is var i and >= 0
            ? _values[i]
            : throw new InvalidDescriptionException($"The weight set has no weight named '{name}'.");

    /// <summary>Whether the set holds a weight of that name.</summary>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>True when both sets hold a weight of that name with the same bit patterns.</summary>
    public bool BitIdentical(WeightSet other, string name)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IndexOf(name) is not (var mine and >= 0))
        {
            return false;
        }

        // Sets with the same names at the same positions (a run's observations, a set and the set it came from) need
        // no second search.
        var theirs = ReferenceEquals(_names, other._names) ? mine : other.IndexOf(name);
        return theirs >= 0 && BitIdentical(_values[mine], other._values[theirs]);
    }

    /// <summary>
    /// What keeps this set from holding exactly the weights of <paramref name="reference"/>, each with as many values, in
    /// words ("lacks weight 'd1/bias'"); null when nothing does.
    /// </summary>
    internal string? ShapeDifference(WeightSet reference)
    {
        if (ReferenceEquals(this, reference))
        {
            return null;
        }

        // Sets made with the same names array (a run's observations) hold the same names at the same positions.
        var sameNames = ReferenceEquals(_names, reference._names);
        if (!sameNames)
        {
            foreach (var name in reference._names)
            {
                if (IndexOf(name) < 0)
                {
                    return $"lacks weight '{name}'";
                }
            }

            foreach (var name in _names)
            {
                if (reference.IndexOf(name) < 0)
                {
                    return $"holds a weight '{name}' the initial observation does not";
                }
            }
        }

        for (var i = 0; i < _names.Length; i++)
        {
            var (mine, theirs) = (_values[i].Length, reference._values[sameNames ? i : reference.IndexOf(_names[i])].Length);
            if (mine != theirs)
            {
                return $"holds {mine} values of '{_names[i]}', the initial observation {theirs}";
            }
        }

        return null;
    }

    /// <summary>The names whose values differ bit-for-bit between the two sets.</summary>
    public ImmutableSortedSet<string> ChangedFrom(WeightSet before)
    {
        ArgumentNullException.ThrowIfNull(before);
        var changed = new List<string>();
        for (var i = 0; i < _names.Length; i++)
        {
            if (Changed(i, before))
            {
                changed.Add(_names[i]);
            }
        }

        return [.. changed];
    }

    // Whether the weight at position i is missing from before or differs there bit-for-bit.
    private bool Changed(int i, WeightSet before)
    {
        // The same position holds the same name when both sets have the same names, as a run's observations do.
        var theirs = i < before._names.Length && ReferenceEquals(before._names[i], _names[i]) ? i : before.IndexOf(_names[i]);
        return theirs < 0 || !BitIdentical(_values[i], before._values[theirs]);
    }

    /// <summary>
    /// Whether the names <see cref="ChangedFrom"/> gives are, compared ordinally, exactly <paramref name="names"/>:
    /// the same answer as comparing the two sets, without making either.
    /// </summary>
    internal bool ChangedExactly(WeightSet before, ImmutableSortedSet<string> names)
    {
        var changed = 0;
        for (var i = 0; i < _names.Length; i++)
        {
            changed += Changed(i, before) ? 1 : 0;
        }

        if (changed != names.Count)
        {
            return false;
        }

        // A set holds no name twice, so as many names each changed are the changed names themselves.
        foreach (var name in names)
        {
            if (name is null || IndexOf(name) is not (var i and >= 0) || !Changed(i, before))
            {
                return false;
            }
        }

        return true;
    }

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
        var kept = Enumerable.Range(0, _names.Length).Where(i => keep.Contains(_names[i])).ToArray();
        return new WeightSet(([.. kept.Select(i => _names[i])], [.. kept.Select(i => _values[i])]));
    }

    /// <summary>This set with one weight's values replaced.</summary>
    public WeightSet With(string name, float[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ImmutableArray<float> copy = [.. values];
        var index = IndexOf(name);
        if (index >= 0)
        {
            var replaced = (ImmutableArray<float>[])_values.Clone();
            replaced[index] = copy;
            return new WeightSet((_names, replaced));
        }

        var at = ~index;
        return new WeightSet(([.. _names[..at], name, .. _names[at..]], [.. _values[..at], copy, .. _values[at..]]));
    }

    /// <summary>Checks that the set holds exactly the tree's weights, each with width² (kernel) or width (bias) finite values.</summary>
    /// <exception cref="InvalidDescriptionException">A weight is missing, unknown, the wrong size or not finite.</exception>
    public void CheckFits(TreeDescription tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        // The tree lists its names in an array; walked as one, without an enumerator.
        var treeNames = tree.WeightNames is ImmutableArray<string> listed ? listed : [.. tree.WeightNames];
        foreach (var name in treeNames)
        {
            if (!Contains(name))
            {
                throw new InvalidDescriptionException($"Weight '{name}' of the tree has no initial values.");
            }
        }

        // The tree's names are distinct and all here: the set holds no other exactly when it holds as many. Only a set that
        // holds more is looked through for the name the tree does not have.
        var expected = treeNames.Length == _names.Length ? null : treeNames.ToHashSet();
        for (var w = 0; w < _names.Length; w++)
        {
            var name = _names[w];
            var values = _values[w].AsSpan();
            if (expected is not null && !expected.Contains(name))
            {
                throw new InvalidDescriptionException($"Weight '{name}' is not a weight of the tree.");
            }

            var size = name.EndsWith("/kernel", StringComparison.Ordinal) ? tree.Width * tree.Width : tree.Width;
            if (values.Length != size)
            {
                throw new InvalidDescriptionException(
                    $"Weight '{name}' has {values.Length} values, but the tree's width {tree.Width} needs {size}.");
            }

            // One walk: a negative variance anywhere is reported before a value that is not finite, as when the variance
            // was checked first over the whole array.
            var variance = name.EndsWith("/moving_variance", StringComparison.Ordinal);
            var notFinite = -1;
            for (var i = 0; i < values.Length; i++)
            {
                if (variance && values[i] < 0f)
                {
                    throw new InvalidDescriptionException(
                        $"Weight '{name}' has a negative value {values[i]}; a variance cannot be negative.");
                }

                if (notFinite < 0 && !float.IsFinite(values[i]))
                {
                    notFinite = i;
                }
            }

            if (notFinite >= 0)
            {
                throw new InvalidDescriptionException(
                    $"Weight '{name}' value {notFinite} is {values[notFinite]}; weights must be finite.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(
            "; ",
            _names.Select((n, i) => $"{n}=[{string.Join(" ", _values[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]"));

    private static KeyValuePair<string, ImmutableArray<float>> Copied(KeyValuePair<string, float[]> pair) =>
        KeyValuePair.Create(pair.Key ?? throw new ArgumentNullException(nameof(pair)), pair.Value.ToImmutableArray());

    // Orders by name (ordinally; already ordered input is only checked) and rejects a repeated name, as the sorted
    // dictionary this class held before did.
    private static (string[] Names, ImmutableArray<float>[] Values) Sorted(KeyValuePair<string, ImmutableArray<float>>[] pairs)
    {
        var names = new string[pairs.Length];
        var values = new ImmutableArray<float>[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            (names[i], values[i]) = (pairs[i].Key, pairs[i].Value);
        }

        var ordered = true;
        for (var i = 1; i < names.Length && ordered; i++)
        {
            ordered = string.CompareOrdinal(names[i - 1], names[i]) < 0;
        }

        if (!ordered)
        {
            Array.Sort(names, values, StringComparer.Ordinal);
            for (var i = 1; i < names.Length; i++)
            {
                if (string.CompareOrdinal(names[i - 1], names[i]) == 0)
                {
                    throw new ArgumentException($"The weight '{names[i]}' is given twice.", nameof(pairs));
                }
            }
        }

        return (names, values);
    }

    private int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (low, high) = (0, _names.Length - 1);
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var order = string.CompareOrdinal(_names[middle], name);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return ~low;
    }

    // Compares bit patterns, so -0 differs from 0 and NaN payloads count; no tolerance anywhere.
    // (One array holds the same bits as itself: an unchanged weight shares its array from observation to observation.)
    private static bool BitIdentical(ImmutableArray<float> a, ImmutableArray<float> b) =>
        a == b || MemoryMarshal.Cast<float, int>(a.AsSpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(b.AsSpan()));
}
