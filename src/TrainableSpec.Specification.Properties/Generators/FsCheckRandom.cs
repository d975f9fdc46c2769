namespace TrainableSpec.Specification.Generators;

/// <summary>
/// FsCheck 3's random state (<see cref="FsCheck.Rnd"/>: SplitMix with a seed and an odd gamma) and its
/// <c>Gen.Choose</c>/<c>Gen.Choose64</c> arithmetic, step for step, so that a generator can make many draws in plain code
/// and still draw exactly the values FsCheck's combinators would, leaving FsCheck's state where they would have left it
/// (see <see cref="FsCheckReplay"/>). FsCheck threads one state through a generator without splitting it, each number
/// taking one step (seed += gamma) and each range drawn by rejection; the mixing functions and the rejection tests
/// below are FsCheck's (Random.fs).
/// </summary>
internal struct FsCheckRandom
{
    private static readonly ulong FirstInverse = Inverse(0x94d049bb133111ebUL);
    private static readonly ulong SecondInverse = Inverse(0xbf58476d1ce4e5b9UL);
    private ulong _seed;

    private FsCheckRandom(ulong seed, ulong gamma)
    {
        _seed = seed;
        Gamma = gamma;
    }

    /// <summary>The state's gamma, the step between seeds.</summary>
    public ulong Gamma { get; }

    /// <summary>How many numbers were drawn since the state was made.</summary>
    public int Steps { get; private set; }

    /// <summary>
    /// The state before two full-range <c>Choose64</c> draws that gave <paramref name="first"/> and
    /// <paramref name="second"/>: each is the mix of the seed after its step, and the mix is a bijection.
    /// </summary>
    public static FsCheckRandom BeforeDraws(long first, long second)
    {
        var seed1 = Unmix64((ulong)first);
        var gamma = Unmix64((ulong)second) - seed1;
        return new FsCheckRandom(seed1 - gamma, gamma);
    }

    /// <summary>FsCheck's <c>Gen.Choose(low, high)</c>: an integer in [low, high], both ends included.</summary>
    public int Choose(int low, int high)
    {
        if (low > high)
        {
            (low, high) = (high, low);
        }

        var m = unchecked(high - low);
        var n = unchecked(m + 1);
        var candidate = NextInt();
        if (n > 0)
        {
            while (true)
            {
                var positive = (int)((uint)candidate >> 1);
                var offset = positive % n;
                if (unchecked(positive + m - offset) >= 0)
                {
                    return low + offset;
                }

                candidate = NextInt();
            }
        }

        while (candidate < low || candidate >= high)
        {
            candidate = NextInt();
        }

        return candidate;
    }

    /// <summary>FsCheck's <c>Gen.Choose64(low, high)</c>.</summary>
    public long Choose64(long low, long high)
    {
        if (low > high)
        {
            (low, high) = (high, low);
        }

        var m = unchecked(high - low);
        var n = unchecked(m + 1);
        var candidate = NextInt64();
        if (n > 0)
        {
            while (true)
            {
                var positive = (long)((ulong)candidate >> 1);
                var offset = positive % n;
                if (unchecked(positive + m - offset) >= 0)
                {
                    return low + offset;
                }

                candidate = NextInt64();
            }
        }

        while (candidate < low || candidate >= high)
        {
            candidate = NextInt64();
        }

        return candidate;
    }

    /// <summary>FsCheck's <c>Gen.Elements</c> over <paramref name="count"/> values: the index of the one drawn.</summary>
    public int Index(int count) => Choose(0, count - 1);

    /// <summary>
    /// FsCheck's <c>Gen.Frequency</c> over <paramref name="weights"/>: the index of the one drawn (one number in
    /// [1, total], the first whose running sum reaches it).
    /// </summary>
    public int Frequency(ReadOnlySpan<int> weights)
    {
        var total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var drawn = Choose(1, total);
        var i = 0;
        while (drawn > weights[i])
        {
            drawn -= weights[i++];
        }

        return i;
    }

    private int NextInt()
    {
        var z = Step();
        z = (z ^ (z >> 33)) * 0x62a9d9ed799705f5UL;
        return (int)(((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3UL) >> 32);
    }

    private long NextInt64() => (long)Mix64(Step());

    private ulong Step()
    {
        Steps++;
        return _seed += Gamma;
    }

    // FsCheck's Mix64vVriant13 (Stafford's variant 13) and its inverse: undo each xor-shift and multiply by the odd
    // constants' inverses modulo 2^64.
    private static ulong Mix64(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9UL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebUL;
        return z ^ (z >> 31);
    }

    private static ulong Unmix64(ulong z)
    {
        z ^= (z >> 31) ^ (z >> 62);
        z *= FirstInverse;
        z ^= (z >> 27) ^ (z >> 54);
        z *= SecondInverse;
        return z ^ (z >> 30) ^ (z >> 60);
    }

    // Newton's iteration for the inverse of an odd number modulo 2^64: each step doubles the correct low bits.
    private static ulong Inverse(ulong odd)
    {
        var x = odd;
        for (var i = 0; i < 5; i++)
        {
            x *= 2 - (odd * x);
        }

        return x;
    }
}
