namespace TrainableSpec.Specification.Corpus;

/// <summary>A warning as an implementation reports it: the weights it names where it names them, else its message.</summary>
public sealed record ResultWarningDocument(string[]? NowTrainable = null, string[]? NowFrozen = null, string? Message = null);
