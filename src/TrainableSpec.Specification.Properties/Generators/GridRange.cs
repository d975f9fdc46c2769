using FsCheck;
using FsCheck.Fluent;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Uniform floats on a grid of 1e-4 in [<see cref="Low"/>, <see cref="High"/>] (both ends included): every value is
/// k / 10,000 for an integer k, rounded once to float32, as the generators' remarks promise.
/// </summary>
public sealed class GridRange
{
    // A class, not a record: a `with` copy would keep the grid of the range it was copied from.
    private readonly int _first;
    private readonly int _count;

    /// <summary>The range [<paramref name="low"/>, <paramref name="high"/>] on the 1e-4 grid.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A bound is not finite or beyond ±100,000, or <paramref name="low"/> is above <paramref name="high"/>.
    /// </exception>
    public GridRange(double low, double high)
    {
        const double Largest = 100_000;
        if (!double.IsFinite(low) || !double.IsFinite(high) || Math.Abs(low) > Largest || Math.Abs(high) > Largest || low > high)
        {
            throw new ArgumentOutOfRangeException(
                nameof(low), $"A grid range needs finite bounds within ±{Largest}, low ≤ high, but was [{low}, {high}].");
        }

        (Low, High) = (low, high);
        _first = (int)Math.Round(low * 10_000);
        _count = (int)Math.Round(high * 10_000) - _first + 1;
    }

    /// <summary>The lowest value.</summary>
    public double Low { get; }

    /// <summary>The highest value.</summary>
    public double High { get; }

    /// <summary>One value per FsCheck draw.</summary>
    public Gen<float> Values => Gen.Choose(_first, _first + _count - 1).Select(ToValue);

    /// <summary>
    /// Arrays of <paramref name="length"/> values from one FsCheck draw: a seed that fills the array from
    /// <see cref="SplitMix64"/>, on the same grid and with the same (uniform) distribution as <see cref="Values"/>.
    /// </summary>
    public Gen<float[]> Arrays(int length) => Seeds.Select(seed =>
    {
        var random = new SplitMix64(seed);
        return Fill(ref random, length);
    });

    /// <summary>Seeds for <see cref="Fill"/>: 63 random bits from one FsCheck draw.</summary>
    internal static Gen<ulong> Seeds => FsCheck.FSharp.Gen.Choose64(0, long.MaxValue).Select(seed => (ulong)seed);

    /// <summary>A seed as <see cref="Seeds"/> draws it, drawn on FsCheck's state (see <see cref="FsCheckReplay"/>).</summary>
    internal static ulong Seed(ref FsCheckRandom draws) => (ulong)draws.Choose64(0, long.MaxValue);

    /// <summary><paramref name="length"/> values from <paramref name="random"/>, which advances.</summary>
    internal float[] Fill(ref SplitMix64 random, int length)
    {
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Next(ref random);
        }

        return values;
    }

    /// <summary>One value from <paramref name="random"/>, which advances.</summary>
    internal float Next(ref SplitMix64 random) => ToValue(_first + random.Below(_count));

    private static float ToValue(int step) => (float)(step / 10_000.0);
}
