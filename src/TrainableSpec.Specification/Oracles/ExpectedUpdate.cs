using System.Collections.Immutable;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What one weight must hold after the fit at script step <paramref name="Step"/>: <paramref name="Values"/>, each
/// within its <paramref name="Tolerance"/>, computed from the weights the implementation held before that fit.
/// </summary>
public sealed record ExpectedUpdate(
    int Step, string Weight, ImmutableArray<double> Values, ImmutableArray<double> Tolerance, ImmutableArray<double> Gradient);
