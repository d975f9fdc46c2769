using System.Numerics;
using FsCheck;

namespace TrainableSpec.Specification.Checking;

/// <summary>
/// The seed and size FsCheck 3.6 gives case <c>k</c> (from 0) of a run, so that any case can be run alone exactly as the
/// run would run it. Read in FsCheck's Runner.fs and Random.fs: <c>stepsSeq</c> unfolds <c>(size, rnd)</c> by
/// <c>Random.Split rnd = (left, right)</c>, gives the case <c>right</c> and goes on from <c>left</c>; <c>Split</c> is
/// SplitMix's split (left = the state advanced by two gammas; right = <c>Rnd(mix64(seed + γ), mixGamma(seed + 2γ))</c>).
/// So case <c>k</c> is seeded from <c>seed + (2k+1)·γ</c> and <c>seed + (2k+2)·γ</c>, without running the cases
/// before it. Its size is <c>StartSize</c> plus <c>k + 1</c> additions of <c>(EndSize − StartSize) / MaxTest</c> in
/// double precision, rounded half to even: FsCheck adds the step once per case, so the sum is formed the same way
/// here, addition by addition, to get the same last bit.
/// </summary>
internal sealed class CaseSteps
{
    private readonly ulong _seed;
    private readonly ulong _gamma;
    private readonly double _increase;
    private double _size;
    private long _next;

    /// <summary>
    /// The cases of a run of <paramref name="maxTest"/> cases from <paramref name="run"/>, starting at case <paramref name="first"/>.
    /// </summary>
    public CaseSteps(Rnd run, int maxTest, int startSize, int endSize, long first)
    {
        _seed = run.Seed;
        _gamma = run.Gamma;
        _increase = (double)(endSize - startSize) / maxTest;
        _size = startSize;
        for (var k = 0L; k < first; k++)
        {
            _size += _increase;
        }

        _next = first;
    }

    /// <summary>The next case's number, seed and size; each call moves on by one case.</summary>
    public (long Number, Rnd Seed, int Size) Next()
    {
        _size += _increase;
        var k = _next++;
        return (k, SeedOf(k), (int)Math.Round(_size, MidpointRounding.ToEven));
    }

    /// <summary>The seed FsCheck gives case <paramref name="k"/> of a run from (seed, gamma).</summary>
    public Rnd SeedOf(long k)
    {
        var s1 = unchecked(_seed + (((2 * (ulong)k) + 1) * _gamma));
        var s2 = unchecked(s1 + _gamma);
        return new Rnd(Mix64Variant13(s1), MixGamma(s2));
    }

    private static ulong Mix64(ulong z)
    {
        z = unchecked((z ^ (z >> 33)) * 0xff51afd7ed558ccdUL);
        z = unchecked((z ^ (z >> 33)) * 0xc4ceb9fe1a85ec53UL);
        return z ^ (z >> 33);
    }

    private static ulong Mix64Variant13(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94d049bb133111ebUL);
        return z ^ (z >> 31);
    }

    private static ulong MixGamma(ulong z)
    {
        // Fig. 16 of the SplitMix paper tests n >= 24; FsCheck (and the JDK) use n < 24, which keeps the result odd.
        z = Mix64(z) | 1UL;
        var n = BitOperations.PopCount(z ^ (z >> 1));
        return n < 24 ? z ^ 0xaaaaaaaaaaaaaaaaUL : z;
    }
}
