namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// After one step: every flag; after a compile, the weights collected; after a fit, the warning and the weights that change.
/// </summary>
public sealed record ExpectedStepDocument(
    Dictionary<string, bool> Flags,
    string[]? Collected = null,
    WarningDocument? Warning = null,
    string[]? Changed = null);
