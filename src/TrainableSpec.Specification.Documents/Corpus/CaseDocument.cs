namespace TrainableSpec.Specification.Corpus;

/// <summary>One case of the conformance corpus, as JSON (see <c>case.schema.json</c>).</summary>
public sealed record CaseDocument(
    string Format,
    string Name,
    string Profile,
    TreeDocument Tree,
    Dictionary<string, float[]> InitialWeights,
    DataDocument Data,
    string Loss,
    StepDocument[] Script,
    ExpectedDocument Expected);
