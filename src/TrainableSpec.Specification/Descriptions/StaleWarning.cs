using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// A fit's warning that the flags now say something else than the last compile collected, naming the weights; or,
/// naming none (<see cref="ByCount"/>), that the number of trainable weights changed, as TensorFlow.js warns.
/// </summary>
public sealed record StaleWarning(ImmutableSortedSet<string> NowTrainable, ImmutableSortedSet<string> NowFrozen)
{
    /// <summary>
    /// The warning that names no weight: the number of trainable weights differs from the number collected
    /// (tfjs-layers/src/engine/training.ts, <c>checkTrainableWeightsConsistency</c>). Any warning a fit gives agrees
    /// with it, as the framework's names none.
    /// </summary>
    public static StaleWarning ByCount { get; } = new([], []);

    /// <summary>Whether the warning names the weights (false for <see cref="ByCount"/>).</summary>
    public bool NamesWeights => !NowTrainable.IsEmpty || !NowFrozen.IsEmpty;

    /// <summary>Every weight the warning names.</summary>
    public ImmutableSortedSet<string> Named => NowTrainable.Union(NowFrozen);

    /// <inheritdoc />
    public bool Equals(StaleWarning? other) =>
        other is not null
        && Oracles.SortedSets.SetEquals(NowTrainable, other.NowTrainable)
        && Oracles.SortedSets.SetEquals(NowFrozen, other.NowFrozen);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NowTrainable.Count, NowFrozen.Count);

    /// <inheritdoc />
    public override string ToString() =>
        !NamesWeights
            ? "the count of trainable weights changed"
            : $"now trainable [{string.Join(" ", NowTrainable)}], now frozen [{string.Join(" ", NowFrozen)}]";
}
