namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// A dense layer (<c>kind: dense</c>, with activation and useBias), a batch normalization (<c>kind: batchNormalization</c>,
/// with center, scale, momentum and epsilon, which the specification fixes) or a container (<c>kind: container</c>, with calls).
/// </summary>
public sealed record NodeDocument(
    string Name,
    string Kind,
    string? Activation = null,
    bool? UseBias = null,
    string[]? Calls = null,
    bool? Center = null,
    bool? Scale = null,
    float? Momentum = null,
    float? Epsilon = null);
