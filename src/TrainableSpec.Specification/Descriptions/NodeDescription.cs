using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>A named node of a described model tree: a dense layer or a container. Every node has its own flag.</summary>
public abstract record NodeDescription(string Name);

/// <summary>
/// A dense layer mapping the tree's width to itself, with weights <c>{Name}/kernel</c> (width × width,
/// row-major, input index first) and, if <paramref name="UseBias"/>, <c>{Name}/bias</c>.
/// </summary>
public sealed record DenseDescription(string Name, ActivationKind Activation, bool UseBias) : NodeDescription(Name);

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
