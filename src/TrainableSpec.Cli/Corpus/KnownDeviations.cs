using System.Text.Json;
using TrainableSpec.Specification.Corpus;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// A reviewed list of known deviations (<c>verify --known-deviations FILE</c>): a listed case that fails with its listed
/// failure is reported as a known deviation, never as a pass; one that passes, or fails otherwise, is a failure, so the
/// list cannot go stale unnoticed.
/// </summary>
internal sealed record KnownDeviations(string Format, string Profile, KnownDeviation[] Deviations)
{
    public const string FormatTag = "trainable-spec/deviations/1";

    /// <summary>Reads and checks a list, for <paramref name="profile"/> when one is given.</summary>
    /// <exception cref="CorpusFormatException">The file is not a list of known deviations.</exception>
    public static KnownDeviations Read(string path, string? profile)
    {
        KnownDeviations? list;
        try
        {
            list = JsonSerializer.Deserialize<KnownDeviations>(File.ReadAllText(path), CorpusJson.Options);
        }
        catch (JsonException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }
        catch (IOException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }

        if (list is null || list.Format != FormatTag)
        {
            throw new CorpusFormatException(path, $"format is not '{FormatTag}'");
        }

        if (profile is not null && list.Profile != profile)
        {
            throw new CorpusFormatException(path, $"the list is for profile {list.Profile}, not {profile}");
        }

        if (list.Deviations.FirstOrDefault(d => string.IsNullOrWhiteSpace(d.Failure) || string.IsNullOrWhiteSpace(d.Reason)) is { } empty)
        {
            throw new CorpusFormatException(path, $"case '{empty.Case}' needs the failure it shows and the reason, both non-empty");
        }

        var repeated = list.Deviations.GroupBy(d => d.Case).FirstOrDefault(g => g.Count() > 1);
        return repeated is null
            ? list
            : throw new CorpusFormatException(path, $"case '{repeated.Key}' is listed {repeated.Count()} times");
    }

    /// <summary>The listed deviation of <paramref name="name"/>, or null.</summary>
    public KnownDeviation? Of(string name) => Deviations.FirstOrDefault(d => d.Case == name);
}
