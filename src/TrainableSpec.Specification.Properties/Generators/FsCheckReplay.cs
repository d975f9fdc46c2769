using FsCheck;
using FsCheck.Fluent;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Generators that make all their draws in plain code on an <see cref="FsCheckRandom"/>, yet draw the very values FsCheck's
/// combinators (<c>Gen.Choose</c>, <c>Gen.Elements</c>, <c>Gen.Frequency</c>, …) would have drawn in the same order, and
/// leave FsCheck's state where those would have left it: a scenario costs a handful of FsCheck draws instead of one
/// bind, with its closures, per draw. FsCheck does not hand a generator its state, so the state is read back from two
/// full-range <c>Choose64</c> draws (each is the seed after its step, mixed by a bijection), and FsCheck is then moved on
/// by the steps the code took beyond those two, one <c>Gen.Choose(0, 0)</c> per step.
/// <para>
/// A full-range draw is redrawn when it is <see cref="long.MaxValue"/> (FsCheck's upper bound is exclusive there), one
/// value in 2⁶⁴: then the state read back would be one step late. Nothing else differs from the combinators.
/// </para>
/// </summary>
internal static class FsCheckReplay
{
    private const int CachedSkips = 256;

    private static readonly Gen<long[]> Probe = Gen.ArrayOf(FsCheck.FSharp.Gen.Choose64(long.MinValue, long.MaxValue), 2);

    // Built once: a generator takes no state of its own, so one per length serves every draw.
    private static readonly Gen<int[]>[] Skips = [.. Enumerable.Range(0, CachedSkips + 1).Select(n => Gen.ArrayOf(Gen.Choose(0, 0), n))];

    /// <summary>Draws a value from FsCheck's state and the current size.</summary>
    public delegate T Draw<out T>(ref FsCheckRandom random, int size);

    /// <summary>
    /// The generator that draws what <paramref name="draw"/> draws, which must take at least two steps (as the
    /// combinators it stands for would have).
    /// </summary>
    public static Gen<T> Of<T>(Draw<T> draw)
    {
        CheckFsCheckAgrees();
        return Replay(draw);
    }

    private static Gen<T> Replay<T>(Draw<T> draw) =>
        Gen.Sized(size => Probe.SelectMany(probe =>
        {
            var random = FsCheckRandom.BeforeDraws(probe[0], probe[1]);
            var value = draw(ref random, size);
            return random.Steps < 2
                ? throw new InvalidOperationException($"A replayed generator took {random.Steps} steps, fewer than its probe.")
                : Skip(random.Steps - 2).Select(_ => value);
        }));

    // The replay is FsCheck 3.6.0's arithmetic, and the package accepts any later FsCheck: checked once against FsCheck
    // itself, draws of several ranges from a few states, so a version that draws otherwise fails here, saying so, rather
    // than generating from a misread state (deterministic still, but not the cases a seed names, and perhaps degenerate).
    private static readonly Lazy<bool> Agrees = new(() =>
    {
        (int Low, int High)[] ranges = [(0, 0), (0, 1), (-3, 7), (1, 100), (0, int.MaxValue), (int.MinValue, int.MaxValue)];
        var combinators = ranges.Aggregate(
            Gen.Constant(Array.Empty<int>()), (drawn, r) => drawn.SelectMany(a => Gen.Choose(r.Low, r.High).Select(x => (int[])[.. a, x])));
        var replayed = Replay((ref FsCheckRandom random, int _) =>
        {
            var values = new int[ranges.Length];
            for (var i = 0; i < ranges.Length; i++)
            {
                values[i] = random.Choose(ranges[i].Low, ranges[i].High);
            }

            return values;
        });
        return Enumerable.Range(1, 8).All(seed =>
        {
            var state = new Rnd(0x5DEECE66DUL * (ulong)seed, 0x9E3779B97F4A7C15UL);
            return Gen.Sample(combinators, 1, state, 10)[0].SequenceEqual(Gen.Sample(replayed, 1, state, 10)[0]);
        });
    });

    private static void CheckFsCheckAgrees()
    {
        if (!Agrees.Value)
        {
            throw new InvalidOperationException(
                $"FsCheck {typeof(Gen).Assembly.GetName().Version} draws differently from FsCheck 3.6.0, whose arithmetic the "
                + "scenario generators replay (FsCheckRandom); use FsCheck 3.6.0.");
        }
    }

    private static Gen<int[]> Skip(int steps) =>
        steps <= CachedSkips ? Skips[steps] : Skips[CachedSkips].SelectMany(_ => Skip(steps - CachedSkips));
}
