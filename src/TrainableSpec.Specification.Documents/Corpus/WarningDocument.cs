namespace TrainableSpec.Specification.Corpus;

/// <summary>A stale-weights warning, naming the weights.</summary>
public sealed record WarningDocument(string[] NowTrainable, string[] NowFrozen);
