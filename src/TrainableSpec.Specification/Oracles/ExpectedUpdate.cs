using System.Collections.Immutable;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What one weight must hold after the fit at script step <paramref name="Step"/>: <paramref name="Values"/>, each
/// within its <paramref name="Tolerance"/>, computed from the weights the implementation held before that fit.
/// </summary>
public sealed record ExpectedUpdate(
    int Step, string Weight, ImmutableArray<double> Values, ImmutableArray<double> Tolerance, ImmutableArray<double> Gradient)
{
    /// <summary>
    /// The first value of <paramref name="actual"/> outside its tolerance, or null when all are within. A value that is
    /// not a number, or an expectation or tolerance that is not finite, is never within.
    /// </summary>
    public int? FirstMismatch(ImmutableArray<float> actual) => FirstMismatch(actual.AsSpan(), Values.AsSpan(), Tolerance.AsSpan());

    /// <summary><see cref="FirstMismatch(ImmutableArray{float})"/> of values and tolerances held elsewhere.</summary>
    internal static int? FirstMismatch(ReadOnlySpan<float> actual, ReadOnlySpan<double> values, ReadOnlySpan<double> tolerance)
    {
        for (var k = 0; k < actual.Length; k++)
        {
            if (!(Math.Abs(actual[k] - values[k]) <= tolerance[k]) || !double.IsFinite(tolerance[k]) || !double.IsFinite(values[k]))
            {
                return k;
            }
        }

        return null;
    }
}
