using System.Collections.Immutable;

namespace TrainableSpec.Specification.Oracles;

/// <summary>Comparisons of sorted sets that make nothing when the answer shows without it.</summary>
internal static class SortedSets
{
    /// <summary>
    /// <paramref name="set"/><c>.SetEquals(</c><paramref name="other"/><c>)</c>. Two sets ordered by the same comparer
    /// are equal exactly when they hold as many elements and the same element at every place, so those are walked
    /// side by side; sets ordered by different comparers are compared by <see cref="ImmutableSortedSet{T}.SetEquals"/>,
    /// which sets the other one anew.
    /// </summary>
    public static bool SetEquals(ImmutableSortedSet<string> set, ImmutableSortedSet<string> other)
    {
        if (set is null || other is null)
        {
            // As the set's own comparison fails on a missing set.
            return set!.SetEquals(other!);
        }

        if (ReferenceEquals(set, other))
        {
            return true;
        }

        if (!ReferenceEquals(set.KeyComparer, other.KeyComparer))
        {
            return set.SetEquals(other);
        }

        if (set.Count != other.Count)
        {
            return false;
        }

        var comparer = set.KeyComparer;
        using var theirs = other.GetEnumerator();
        foreach (var mine in set)
        {
            if (!theirs.MoveNext() || comparer.Compare(mine, theirs.Current) != 0)
            {
                return false;
            }
        }

        return true;
    }
}
