using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// A named node of a described model tree: a dense layer, a batch normalization, or a container. Every node has its own flag.
/// </summary>
public abstract record NodeDescription(string Name);

/// <summary>
/// A dense layer mapping the tree's width to itself, with weights <c>{Name}/kernel</c> (width × width,
/// row-major, input index first) and, if <paramref name="UseBias"/>, <c>{Name}/bias</c>.
/// </summary>
public sealed record DenseDescription(string Name, ActivationKind Activation, bool UseBias) : NodeDescription(Name);

/// <summary>
/// Batch normalization without scale (Keras' <c>BatchNormalization(scale=False)</c>) over the tree's width, with
/// weights <c>{Name}/beta</c> (trainable), <c>{Name}/moving_mean</c> and <c>{Name}/moving_variance</c> (statistics
/// no optimizer writes, which a training-mode pass moves toward the batch's).
/// </summary>
public sealed record BatchNormDescription(string Name) : NodeDescription(Name);

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
