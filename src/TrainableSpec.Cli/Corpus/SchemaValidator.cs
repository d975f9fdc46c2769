using Json.Schema;
using TrainableSpec.Specification.Corpus;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// Validates corpus files against their JSON Schemas (JsonSchema.Net), reporting the first few errors with their locations.
/// </summary>
internal sealed class SchemaValidator
{
    private readonly JsonSchema _case;
    private readonly JsonSchema _result;
    private readonly EvaluationOptions _options;

    public SchemaValidator()
    {
        _options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        _case = JsonSchema.FromText(CorpusSchemas.Case, build);
        _result = JsonSchema.FromText(CorpusSchemas.Result, build);
    }

    /// <summary>Null when the case text is valid, else why not.</summary>
    public string? CaseErrors(string json) => Errors(_case, json);

    /// <summary>Null when the result text is valid, else why not.</summary>
    public string? ResultErrors(string json) => Errors(_result, json);

    private string? Errors(JsonSchema schema, string json)
    {
        System.Text.Json.JsonDocument document;
        try
        {
            document = System.Text.Json.JsonDocument.Parse(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            return $"not JSON: {e.Message}";
        }

        using var parsed = document;
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
