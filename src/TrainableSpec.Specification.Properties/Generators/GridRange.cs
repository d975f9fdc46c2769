using FsCheck;
using FsCheck.Fluent;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Uniform floats on a grid of 1e-4 in [<see cref="Low"/>, <see cref="High"/>] (both ends included): every value is
/// k / 10,000 for an integer k, rounded once to float32, as the generators' remarks promise.
/// </summary>
public sealed record GridRange(double Low, double High)
{
    private readonly int _first = (int)Math.Round(Low * 10_000);
    private readonly int _count = (int)Math.Round(High * 10_000) - (int)Math.Round(Low * 10_000) + 1;

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
