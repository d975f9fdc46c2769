using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>A fit's warning that the flags now say something else than the last compile collected, naming the weights.</summary>
public sealed record StaleWarning(ImmutableSortedSet<string> NowTrainable, ImmutableSortedSet<string> NowFrozen)
{
    /// <summary>Every weight the warning names.</summary>
    public ImmutableSortedSet<string> Named => NowTrainable.Union(NowFrozen);

    /// <inheritdoc />
    public bool Equals(StaleWarning? other) =>
        other is not null && NowTrainable.SetEquals(other.NowTrainable) && NowFrozen.SetEquals(other.NowFrozen);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NowTrainable.Count, NowFrozen.Count);

    /// <inheritdoc />
    public override string ToString() => $"now trainable [{string.Join(" ", NowTrainable)}], now frozen [{string.Join(" ", NowFrozen)}]";
}
