namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// After one step: every flag read back, the weights collected (after a compile, else empty), the warning (after a fit,
/// else null), all weights.
/// </summary>
public sealed record ResultStepDocument(
    Dictionary<string, bool> Flags,
    string[] Collected,
    Dictionary<string, float[]> Weights,
    WarningDocument? Warning = null);
