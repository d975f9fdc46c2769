namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// A case where a real framework is demonstrably buggy and its profile is kept: the case's name, a text its failure
/// contains, and why the profile is right and the framework wrong.
/// </summary>
internal sealed record KnownDeviation(string Case, string Failure, string Reason);
