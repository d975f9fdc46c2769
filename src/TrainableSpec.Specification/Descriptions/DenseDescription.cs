using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// A dense layer mapping the tree's width to itself, with weights <c>{Name}/kernel</c> (width × width,
/// row-major, input index first) and, if <paramref name="UseBias"/>, <c>{Name}/bias</c>.
/// </summary>
public sealed record DenseDescription(string Name, ActivationKind Activation, bool UseBias) : NodeDescription(Name);
