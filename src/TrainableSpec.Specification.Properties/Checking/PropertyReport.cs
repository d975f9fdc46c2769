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
    ImmutableArray<object> Shrunk);
