namespace TrainableSpec.Specification.Corpus;

/// <summary>The JSON Schemas of the corpus files, as shipped inside this assembly.</summary>
public static class CorpusSchemas
{
    /// <summary>File name of the case schema.</summary>
    public const string CaseFileName = "case.schema.json";

    /// <summary>File name of the result schema.</summary>
    public const string ResultFileName = "result.schema.json";

    /// <summary>The case schema's text.</summary>
    public static string Case => Read(CaseFileName);

    /// <summary>The result schema's text.</summary>
    public static string Result => Read(ResultFileName);

    private static string Read(string name)
    {
        using var stream = typeof(CorpusSchemas).Assembly.GetManifestResourceStream($"TrainableSpec.Specification.Corpus.{name}")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
