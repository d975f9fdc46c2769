using System.Globalization;

namespace TrainableSpec.Specification.Checking;

/// <summary>
/// How many cases a property runs and from which seed. Runs are deterministic: the default seed is fixed, and
/// every failure prints the seed that replays it. Read from the environment so that the same compiled suite
/// can run 100,000 cases overnight or replay one failure:
/// <list type="bullet">
/// <item><c>TRAINABLESPEC_SEED=seed,gamma</c> — the seed of the whole run (gamma odd);</item>
/// <item><c>TRAINABLESPEC_REPLAY=seed,gamma,size</c> — run exactly the one failing case a report printed;</item>
/// <item><c>TRAINABLESPEC_MAX_TEST=n</c> — cases per property instead of each property's stated count;</item>
/// <item><c>TRAINABLESPEC_WORKERS=n</c> — threads that run a property's cases (default: every core);</item>
/// <item><c>TRAINABLESPEC_SHARD=i/n</c> — only shard <c>i</c> of <c>n</c> of each property's cases (<see cref="Checking.Shard"/>).</item>
/// </list>
/// Neither the number of workers nor sharding changes a verdict: a run on several threads, and the shards of a run
/// together, check the same cases from the same seeds as one thread does, and report the same first failing case.
/// </summary>
public sealed record CheckSettings(ulong Seed, ulong Gamma, int? MaxTest, (ulong Seed, ulong Gamma, int Size)? Replay)
{
    /// <summary>
    /// The fixed default seed (the date of the article's Keras version, and an odd gamma), on one thread: the run every
    /// parallel or sharded run must reproduce.
    /// </summary>
    public static CheckSettings Default { get; } = new(20180416UL, 0x9E3779B97F4A7C15UL, null, null);

    /// <summary>How many threads run a property's cases at once (1: FsCheck's own run, on the calling thread).</summary>
    public int Workers { get; init; } = 1;

    /// <summary>
    /// The property whose cases these settings draw, or null: its cases start from <see cref="StreamSeed"/>, the run's
    /// <see cref="Seed"/> mixed with this name, so the properties of one run each meet scenarios of their own instead of all
    /// checking the same ones (a mistake that two properties can see is met in twice as many scenarios). The run's seed
    /// still replays the whole run, since every property mixes it with its name again; a case's replay
    /// (<see cref="Replay"/>) is that case's own seed and is used as it is.
    /// </summary>
    public string? Stream { get; init; }

    /// <summary>The seed a property's cases start from: <see cref="Seed"/>, mixed with <see cref="Stream"/> when one is set.</summary>
    public ulong StreamSeed => Stream is null ? Seed : Mixed(Seed, Stream);

    /// <summary>These settings for the property named <paramref name="property"/> (<see cref="Stream"/>).</summary>
    public CheckSettings ForProperty(string property) => this with { Stream = property };

    /// <summary>The one shard of each property's cases to run, or null for all of them.</summary>
    public Shard? Shard { get; init; }

    /// <summary>
    /// The settings the environment asks for, on top of <see cref="Default"/>, with every core as workers unless it says otherwise.
    /// </summary>
    /// <exception cref="FormatException">A variable is set but malformed; the message names it.</exception>
    public static CheckSettings FromEnvironment() => Parse(
        Environment.GetEnvironmentVariable("TRAINABLESPEC_SEED"),
        Environment.GetEnvironmentVariable("TRAINABLESPEC_REPLAY"),
        Environment.GetEnvironmentVariable("TRAINABLESPEC_MAX_TEST"),
        Environment.GetEnvironmentVariable("TRAINABLESPEC_WORKERS") ?? AllCores,
        Environment.GetEnvironmentVariable("TRAINABLESPEC_SHARD"));

    /// <summary>Settings from the variables' values (null when unset; unset workers mean one).</summary>
    /// <exception cref="FormatException">A value is malformed; the message names its variable.</exception>
    public static CheckSettings Parse(string? seed, string? replay, string? maxTest, string? workers = null, string? shard = null) =>
        Parse(
            seed,
            replay,
            maxTest,
            workers,
            shard,
            ("TRAINABLESPEC_SEED", "TRAINABLESPEC_REPLAY", "TRAINABLESPEC_MAX_TEST", "TRAINABLESPEC_WORKERS", "TRAINABLESPEC_SHARD"));

    /// <summary>
    /// Settings from the command line's <c>--seed</c>, <c>--cases</c>, <c>--workers</c>, <c>--shard</c> and
    /// <c>--replay</c> (null when unset; unset workers mean one).
    /// </summary>
    /// <exception cref="FormatException">A value is malformed; the message names its option.</exception>
    public static CheckSettings FromOptions(
        string? seed, string? cases, string? workers = null, string? shard = null, string? replay = null)
    {
        var settings = Parse(seed, replay, cases, workers, shard, ("--seed", "--replay", "--cases", "--workers", "--shard"));
        if (settings.Shard is { } slice && settings.MaxTest is { } count && count < slice.Count)
        {
            throw new FormatException($"--shard {slice} needs at least {slice.Count} cases, one per shard, but --cases is {count}.");
        }

        return settings;
    }

    // FNV-1a over the name's UTF-16 code units (the same in every process, unlike string.GetHashCode), then one SplitMix64
    // step, so names that differ in one letter start far apart.
    private static ulong Mixed(ulong seed, string stream)
    {
        var hash = 0xCBF29CE484222325UL;
        foreach (var c in stream)
        {
            hash = (hash ^ c) * 0x100000001B3UL;
        }

        return new Generators.SplitMix64(seed ^ hash).Next();
    }

    /// <summary>Every core of this machine, as the default number of workers.</summary>
    internal static string AllCores => Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture);

    private static CheckSettings Parse(
        string? seed,
        string? replay,
        string? maxTest,
        string? workers,
        string? shard,
        (string Seed, string Replay, string MaxTest, string Workers, string Shard) names)
    {
        var settings = Default;
        if (!string.IsNullOrWhiteSpace(workers))
        {
            settings = settings with { Workers = Positive(names.Workers, workers) };
        }

        if (!string.IsNullOrWhiteSpace(shard))
        {
            settings = settings with { Shard = Checking.Shard.Parse(shard, names.Shard) };
        }

        if (!string.IsNullOrWhiteSpace(seed))
        {
            var parts = Numbers(names.Seed, seed, 2);
            settings = settings with { Seed = parts[0], Gamma = OddGamma(names.Seed, parts[1]) };
        }

        if (!string.IsNullOrWhiteSpace(replay))
        {
            var parts = Numbers(names.Replay, replay, 3);
            settings = settings with { Replay = (parts[0], OddGamma(names.Replay, parts[1]), checked((int)parts[2])) };
        }

        if (!string.IsNullOrWhiteSpace(maxTest))
        {
            settings = settings with { MaxTest = Positive(names.MaxTest, maxTest) };
        }

        return settings;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{name} must be a positive whole number, but was '{value}'.");

    private static ulong[] Numbers(string variable, string value, int count)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var numbers = parts
            .Select(p => ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (ulong?)n : null)
            .ToArray();
        return parts.Length == count && numbers.All(n => n.HasValue)
            ? [.. numbers.Select(n => n!.Value)]
            : throw new FormatException(
                $"{variable} must be {count} whole numbers separated by commas, as a failure prints them, but was '{value}'.");
    }

    private static ulong OddGamma(string variable, ulong gamma) =>
        gamma % 2 == 1 ? gamma : throw new FormatException($"{variable}: the gamma {gamma} must be odd (FsCheck 3 rejects even gammas).");
}
