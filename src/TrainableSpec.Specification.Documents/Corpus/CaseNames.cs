using System.Collections.Immutable;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Corpus;

/// <summary>The names of a corpus's named cases: the article's (<c>article-…</c>) and the profile matrix's (<c>matrix-…</c>).</summary>
public static class CaseNames
{
    /// <summary>The article's case with the container used twice.</summary>
    public const string ContainerUsedTwice = "article-container_used_twice";

    /// <summary>
    /// The article's model fitted on more samples than any usual default batch (<c>ArticleExperiment.ScenarioWithManySamples</c>).
    /// </summary>
    public const string ManySamples = "article-many_samples";

    /// <summary>
    /// Every case of a corpus drawn from the article, by name: its four cases, its container used twice, and its model
    /// fitted on many samples.
    /// </summary>
    public static ImmutableArray<(string Name, Func<Scenario> Scenario)> Article { get; } =
    [
        .. ArticleExperiment.Cases.Select(c => (Of(c), (Func<Scenario>)(() => ArticleExperiment.ScenarioOf(c)))),
        (ContainerUsedTwice, ArticleExperiment.ScenarioWithContainerUsedTwice),
        (ManySamples, ArticleExperiment.ScenarioWithManySamples),
    ];

    /// <summary>The name of one of the article's four cases.</summary>
    public static string Of(ArticleCase articleCase)
    {
        ArgumentNullException.ThrowIfNull(articleCase);
        return $"article-{articleCase.Name}";
    }

    /// <summary>The name of a row of the profile matrix: its words joined by hyphens, in lower case.</summary>
    public static string Of(MatrixScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return "matrix-" + string.Join("-", scenario.Name.Split(' ', ',', ':', ';').Where(w => w.Length > 0)).ToLowerInvariant();
    }
}
