namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// What <c>verify</c> reads: the corpus, the profile every case must be for (or any), results from a folder or a
/// command, a list of known deviations, and how many adapter processes run at once.
/// </summary>
internal sealed record VerifyOptions(
    string Corpus, string? Profile, string? Results, string? Command, string? KnownDeviations = null, int Jobs = 1);
