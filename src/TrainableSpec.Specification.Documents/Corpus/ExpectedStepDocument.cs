namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// After one step: every flag and whether the step is refused; after a compile, the weights collected (a multiset,
/// sorted); after a fit, whether it warns, the names where the profile's warning gives them, and the weights that change.
/// </summary>
public sealed record ExpectedStepDocument(
    Dictionary<string, bool> Flags,
    bool Refused,
    string[]? Collected = null,
    bool? Warns = null,
    WarningDocument? Warning = null,
    string[]? Changed = null);
