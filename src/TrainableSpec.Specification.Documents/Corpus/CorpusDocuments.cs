namespace TrainableSpec.Specification.Corpus;

#pragma warning disable CS1591 // The JSON documents are described field by field in case.schema.json and result.schema.json.

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

/// <summary>A described tree.</summary>
public sealed record TreeDocument(int Width, string Root, NodeDocument[] Nodes);

/// <summary>A dense layer (<c>kind: dense</c>, with activation and useBias) or a container (<c>kind: container</c>, with calls).</summary>
public sealed record NodeDocument(string Name, string Kind, string? Activation = null, bool? UseBias = null, string[]? Calls = null);

/// <summary>The batch.</summary>
public sealed record DataDocument(float[][] X, float[][] Y);

/// <summary>
/// A script step: <c>setTrainable</c> (node, value), <c>compile</c> (optimizer, learningRate) or <c>fit</c> (epochs, batchSize).
/// </summary>
public sealed record StepDocument(
    string Op,
    string? Node = null,
    bool? Value = null,
    string? Optimizer = null,
    float? LearningRate = null,
    int? Epochs = null,
    int? BatchSize = null);

/// <summary>What the specification expects, and the reference engine's final weights.</summary>
public sealed record ExpectedDocument(ExpectedStepDocument[] Steps, Dictionary<string, float[]> FinalWeights, double Tolerance);

/// <summary>
/// After one step: every flag; after a compile, the weights collected; after a fit, the warning and the weights that change.
/// </summary>
public sealed record ExpectedStepDocument(
    Dictionary<string, bool> Flags,
    string[]? Collected = null,
    WarningDocument? Warning = null,
    string[]? Changed = null);

/// <summary>A stale-weights warning, naming the weights.</summary>
public sealed record WarningDocument(string[] NowTrainable, string[] NowFrozen);

/// <summary>What an implementation reports for one case (see <c>result.schema.json</c>).</summary>
public sealed record ResultDocument(string Format, string Case, Dictionary<string, float[]> InitialWeights, ResultStepDocument[] Steps);

/// <summary>
/// After one step: every flag read back, the weights collected (after a compile, else empty), the warning (after a fit,
/// else null), all weights.
/// </summary>
public sealed record ResultStepDocument(
    Dictionary<string, bool> Flags,
    string[] Collected,
    Dictionary<string, float[]> Weights,
    WarningDocument? Warning = null);
