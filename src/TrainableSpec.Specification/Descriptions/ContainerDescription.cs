using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// A container that applies the nodes named in <paramref name="Calls"/> one after another. A name may appear
/// in several containers, or twice in one: that node is shared, the same instance with the same weights.
/// </summary>
public sealed record ContainerDescription(string Name, ImmutableArray<string> Calls) : NodeDescription(Name)
{
    /// <inheritdoc />
    public bool Equals(ContainerDescription? other) =>
        other is not null && Name == other.Name && Calls.SequenceEqual(other.Calls);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Calls.Length);
}
