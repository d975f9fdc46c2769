using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// A named node of a described model tree: a dense layer, a batch normalization, or a container. Every node has its own flag.
/// </summary>
public abstract record NodeDescription(string Name);
