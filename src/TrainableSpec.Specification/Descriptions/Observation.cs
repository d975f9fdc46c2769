using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// What an implementation reports after one script step: every node's flag as read back, the weights
/// collected (after a compile; duplicates kept, as the implementation lists them), the stale-weights warning
/// (after a fit), all weights, and whether a fit was refused because nothing was left to train.
/// </summary>
public sealed record Observation(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableArray<string> Collected,
    StaleWarning? Warning,
    WeightSet Weights,
    bool Refused = false);

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

/// <summary>The observations of a whole scenario, one per script step, and the weights before the first step.</summary>
public sealed record ScenarioRun(WeightSet Initial, ImmutableArray<Observation> Steps);
