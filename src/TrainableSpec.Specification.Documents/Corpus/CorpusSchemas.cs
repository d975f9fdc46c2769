namespace TrainableSpec.Specification.Corpus;

/// <summary>The JSON Schemas of the corpus files, as shipped inside this assembly.</summary>
public static class CorpusSchemas
{
    /// <summary>File name of the case schema.</summary>
    public const string CaseFileName = "case.schema.json";

    /// <summary>File name of the result schema.</summary>
    public const string ResultFileName = "result.schema.json";

    /// <summary>File name of the version 1 case schema, for corpora exported before version 2.</summary>
    public const string CaseV1FileName = "case.v1.schema.json";

    /// <summary>File name of the version 1 result schema.</summary>
    public const string ResultV1FileName = "result.v1.schema.json";

    /// <summary>The case schema's text.</summary>
    public static string Case => Read(CaseFileName);

    /// <summary>The result schema's text.</summary>
    public static string Result => Read(ResultFileName);

    /// <summary>The version 1 case schema's text.</summary>
    public static string CaseV1 => Read(CaseV1FileName);

    /// <summary>The version 1 result schema's text.</summary>
    public static string ResultV1 => Read(ResultV1FileName);

    private static string Read(string name)
    {
        using var stream = typeof(CorpusSchemas).Assembly.GetManifestResourceStream($"TrainableSpec.Specification.Corpus.{name}")
            ?? throw new InvalidOperationException($"The schema {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
