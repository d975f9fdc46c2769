namespace TrainableSpec.Specification.Corpus;

/// <summary>The batch.</summary>
public sealed record DataDocument(float[][] X, float[][] Y);
