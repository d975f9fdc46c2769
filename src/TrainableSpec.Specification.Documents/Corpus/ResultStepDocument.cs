namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// After one step: every flag read back, the weights collected (after a compile, else empty), the warning (after a fit,
/// else null), whether the step was refused (and the exception's message), all weights.
/// </summary>
public sealed record ResultStepDocument(
    Dictionary<string, bool> Flags,
    string[] Collected,
    bool Refused,
    Dictionary<string, float[]> Weights,
    ResultWarningDocument? Warning = null,
    string? Error = null);
