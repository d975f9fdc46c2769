using System.Text.Json;
using Json.Schema;
using TrainableSpec.Specification.Corpus;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// Validates corpus files against the JSON Schemas of their format's version (JsonSchema.Net), reporting the first few
/// errors with their locations.
/// </summary>
internal sealed class SchemaValidator
{
    private readonly Dictionary<string, JsonSchema> _schemas;
    private readonly EvaluationOptions _options = new() { OutputFormat = OutputFormat.List };

    public SchemaValidator()
    {
        // Each version's result schema refers to its case schema by a relative address, resolved in its own registry.
        static (JsonSchema Case, JsonSchema Result) Pair(string caseText, string resultText)
        {
            var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return (JsonSchema.FromText(caseText, build), JsonSchema.FromText(resultText, build));
        }

        var v1 = Pair(CorpusSchemas.CaseV1, CorpusSchemas.ResultV1);
        var v2 = Pair(CorpusSchemas.Case, CorpusSchemas.Result);
        _schemas = new()
        {
            [CorpusUpgrade.CaseFormatV1] = v1.Case,
            [CorpusUpgrade.ResultFormatV1] = v1.Result,
            [CorpusJson.CaseFormat] = v2.Case,
            [CorpusJson.ResultFormat] = v2.Result,
        };
    }

    /// <summary>Null when the case text is valid, else why not.</summary>
    public string? CaseErrors(string json) => Errors(json, CorpusUpgrade.CaseFormatV1, CorpusJson.CaseFormat);

    /// <summary>Null when the result text is valid, else why not.</summary>
    public string? ResultErrors(string json) => Errors(json, CorpusUpgrade.ResultFormatV1, CorpusJson.ResultFormat);

    private string? Errors(string json, params string[] formats)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            return $"not JSON: {e.Message}";
        }

        using var parsed = document;
        var format = parsed.RootElement.ValueKind == JsonValueKind.Object
            && parsed.RootElement.TryGetProperty("format", out var tag) && tag.ValueKind == JsonValueKind.String
                ? tag.GetString()!
                : null;
        // A file of no known format is judged by the newest schema, whose errors then name the format field.
        var schema = _schemas[format is not null && formats.Contains(format) ? format : formats[^1]];
        var result = schema.Evaluate(parsed.RootElement, _options);
        if (result.IsValid)
        {
            return null;
        }

        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct().Take(3).ToArray();
        return $"does not match the schema: {string.Join("; ", errors.DefaultIfEmpty("(no detail)"))}";
    }
}
