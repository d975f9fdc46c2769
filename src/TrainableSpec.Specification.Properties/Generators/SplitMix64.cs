namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Steele, Lea and Flood's SplitMix64: a tiny deterministic generator that fills a whole matrix from one seed FsCheck
/// draws, so a scenario costs one FsCheck draw per matrix instead of one per entry (FsCheck never shrinks weights: the
/// shrinker only drops them with their layer, so nothing is lost by drawing them outside FsCheck).
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="count"/>): Lemire's multiply-shift, whose bias (count / 2⁶⁴, below 1e-14 for
    /// the grids here) is far below anything a sample could show.
    /// </summary>
    public int Below(int count) => (int)(((UInt128)Next() * (ulong)count) >> 64);
}
