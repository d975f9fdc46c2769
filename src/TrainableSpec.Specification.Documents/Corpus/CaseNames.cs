using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Corpus;

/// <summary>The names of a corpus's named cases: the article's (<c>article-…</c>) and the profile matrix's (<c>matrix-…</c>).</summary>
public static class CaseNames
{
    /// <summary>The article's case with the container used twice.</summary>
    public const string ContainerUsedTwice = "article-container_used_twice";

    /// <summary>
    /// The article's model fitted on forty samples, more than a default batch (<c>ArticleExperiment.ScenarioWithFortySamples</c>).
    /// </summary>
    public const string FortySamples = "article-forty_samples";

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
