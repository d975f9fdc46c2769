using System.Globalization;

namespace TrainableSpec.Specification.Checking;

/// <summary>
/// How many cases a property runs and from which seed. Runs are deterministic: the default seed is fixed, and
/// every failure prints the seed that replays it. Read from the environment so that the same compiled suite
/// can run 100,000 cases overnight or replay one failure:
/// <list type="bullet">
/// <item><c>TRAINABLESPEC_SEED=seed,gamma</c> — the seed of the whole run (gamma odd);</item>
/// <item><c>TRAINABLESPEC_REPLAY=seed,gamma,size</c> — run exactly the one failing case a report printed;</item>
/// <item><c>TRAINABLESPEC_MAX_TEST=n</c> — cases per property instead of each property's stated count.</item>
/// </list>
/// </summary>
public sealed record CheckSettings(ulong Seed, ulong Gamma, int? MaxTest, (ulong Seed, ulong Gamma, int Size)? Replay)
{
    /// <summary>The fixed default seed: the date of the article's Keras version, and an odd gamma.</summary>
    public static CheckSettings Default { get; } = new(20180416UL, 0x9E3779B97F4A7C15UL, null, null);

    /// <summary>The settings the environment asks for, on top of <see cref="Default"/>.</summary>
    /// <exception cref="FormatException">A variable is set but malformed; the message names it.</exception>
    public static CheckSettings FromEnvironment() => Parse(
        Environment.GetEnvironmentVariable("TRAINABLESPEC_SEED"),
        Environment.GetEnvironmentVariable("TRAINABLESPEC_REPLAY"),
        Environment.GetEnvironmentVariable("TRAINABLESPEC_MAX_TEST"));

    /// <summary>Settings from the three variables' values (null when unset).</summary>
    /// <exception cref="FormatException">A value is malformed; the message names its variable.</exception>
    public static CheckSettings Parse(string? seed, string? replay, string? maxTest) =>
        Parse(seed, replay, maxTest, ("TRAINABLESPEC_SEED", "TRAINABLESPEC_REPLAY", "TRAINABLESPEC_MAX_TEST"));

    /// <summary>Settings from the command line's <c>--seed</c> and <c>--cases</c> (null when unset).</summary>
    /// <exception cref="FormatException">A value is malformed; the message names its option.</exception>
    public static CheckSettings FromOptions(string? seed, string? cases) => Parse(seed, null, cases, ("--seed", "--replay", "--cases"));

    private static CheckSettings Parse(string? seed, string? replay, string? maxTest, (string Seed, string Replay, string MaxTest) names)
    {
        var settings = Default;
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
            settings = settings with
            {
                MaxTest = int.TryParse(maxTest, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                    ? n
                    : throw new FormatException($"{names.MaxTest} must be a positive whole number, but was '{maxTest}'."),
            };
        }

        return settings;
    }

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
