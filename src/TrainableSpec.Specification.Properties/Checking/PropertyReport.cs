using System.Collections.Immutable;

namespace TrainableSpec.Specification.Checking;

/// <summary>The outcome of checking one property: FsCheck's own text, and on failure the original and shrunk counterexamples.</summary>
public sealed record PropertyReport(
    string Name,
    bool Passed,
    int Tests,
    int Shrinks,
    string Message,
    ImmutableArray<object> Original,
    ImmutableArray<object> Shrunk)
{
    /// <summary>The number (from 0) of the first case this check ran: 0, unless it ran one shard of a run.</summary>
    public int FirstCase { get; init; }

    /// <summary>
    /// How many cases this check ran, in order from <see cref="FirstCase"/>, until its verdict: those that passed and the
    /// failing one (and discarded ones, when run on several threads or in shards). A shard's count, not the run's.
    /// </summary>
    public int CasesRun { get; init; }
}
