namespace TrainableSpec.Specification.Corpus;

/// <summary>A dense layer (<c>kind: dense</c>, with activation and useBias) or a container (<c>kind: container</c>, with calls).</summary>
public sealed record NodeDocument(string Name, string Kind, string? Activation = null, bool? UseBias = null, string[]? Calls = null);
