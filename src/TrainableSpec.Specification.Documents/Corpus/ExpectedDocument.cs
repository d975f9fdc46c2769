namespace TrainableSpec.Specification.Corpus;

/// <summary>What the specification expects, and the reference engine's final weights.</summary>
public sealed record ExpectedDocument(ExpectedStepDocument[] Steps, Dictionary<string, float[]> FinalWeights, double Tolerance);
