namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// One case of the conformance corpus, as JSON (see <c>case.schema.json</c>); a version 1 file is read as the version 2
/// case it stands for (<see cref="CorpusUpgrade"/>).
/// </summary>
public sealed record CaseDocument(
    string Format,
    string Name,
    string Profile,
    string Rule,
    TreeDocument Tree,
    Dictionary<string, float[]> InitialWeights,
    DataDocument Data,
    string Loss,
    StepDocument[] Script,
    ExpectedDocument Expected);
