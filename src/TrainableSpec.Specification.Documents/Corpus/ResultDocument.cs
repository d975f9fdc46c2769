namespace TrainableSpec.Specification.Corpus;

/// <summary>What an implementation reports for one case (see <c>result.schema.json</c>).</summary>
public sealed record ResultDocument(string Format, string Case, Dictionary<string, float[]> InitialWeights, ResultStepDocument[] Steps);
