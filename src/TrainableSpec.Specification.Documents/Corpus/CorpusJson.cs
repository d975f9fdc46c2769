using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// Reads and writes the corpus: cases (a scenario, and what is expected of it) and results (what an
/// implementation observed). Reading is strict: unknown fields, missing fields, wrong types and anything that
/// does not describe a valid scenario are errors naming the file and the place.
/// </summary>
public static class CorpusJson
{
    /// <summary>The format tag of a case file.</summary>
    public const string CaseFormat = "trainable-spec/case/1";

    /// <summary>The format tag of a result file.</summary>
    public const string ResultFormat = "trainable-spec/result/1";

    /// <summary>The only profile exported so far.</summary>
    public const string Profile = "keras-2.1.6";

    /// <summary>The JSON options of every corpus file.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The case document of a scenario, with the reference run's final weights as the expected ones.</summary>
    public static CaseDocument ToDocument(string name, Scenario scenario, ScenarioRun reference, double tolerance)
    {
        var predictions = ScriptOracle.Predict(scenario);
        return new CaseDocument(
            CaseFormat,
            name,
            Profile,
            new TreeDocument(scenario.Tree.Width, scenario.Tree.Root, [.. scenario.Tree.Nodes.Select(ToDocument)]),
            Weights(scenario.InitialWeights),
            new DataDocument([.. scenario.Data.X.Select(r => r.ToArray())], [.. scenario.Data.Y.Select(r => r.ToArray())]),
            "mean_squared_error",
            [.. scenario.Script.Select(s => ToDocument(s, scenario.Data.Count))],
            new ExpectedDocument(
                [.. predictions.Select((p, i) => new ExpectedStepDocument(
                    new Dictionary<string, bool>(p.Flags),
                    p.Collected?.ToArray(),
                    p.Warning is { } w ? new WarningDocument([.. w.NowTrainable], [.. w.NowFrozen]) : null,
                    scenario.Script[i] is Fit ? [.. p.Moving] : null))],
                Weights(reference.Steps[^1].Weights),
                tolerance));
    }

    /// <summary>The result document of a run.</summary>
    public static ResultDocument ToDocument(string caseName, ScenarioRun run) => new(
        ResultFormat,
        caseName,
        Weights(run.Initial),
        [.. run.Steps.Select(o => new ResultStepDocument(
            new Dictionary<string, bool>(o.Flags),
            [.. o.Collected],
            Weights(o.Weights),
            o.Warning is { } w ? new WarningDocument([.. w.NowTrainable], [.. w.NowFrozen]) : null))]);

    /// <summary>Parses a case file's text into its scenario.</summary>
    /// <exception cref="CorpusFormatException">The text is not a valid case.</exception>
    public static (CaseDocument Document, Scenario Scenario) ReadCase(string path, string json)
    {
        var document = Deserialize<CaseDocument>(path, json);
        Require(path, document.Format == CaseFormat, $"format is '{document.Format}', expected '{CaseFormat}'");
        Require(path, document.Profile == Profile, $"profile is '{document.Profile}'; this verifier knows '{Profile}'");
        Require(path, document.Loss == "mean_squared_error", $"loss is '{document.Loss}'; only 'mean_squared_error' is specified");
        try
        {
            var tree = new TreeDescription(document.Tree.Width, document.Tree.Nodes.Select((n, i) => ToNode(n, i)), document.Tree.Root);
            var data = new TrainingData(
                [.. document.Data.X.Select(r => r.ToImmutableArray())], [.. document.Data.Y.Select(r => r.ToImmutableArray())]);
            var scenario = new Scenario(
                tree, new WeightSet(document.InitialWeights), data, [.. document.Script.Select((s, i) => ToStep(s, i, data.Count))])
                .Validated();
            Require(
                path,
                document.Expected.Steps.Length == scenario.Script.Length,
                $"expected.steps has {document.Expected.Steps.Length} entries for {scenario.Script.Length} script steps");
            new WeightSet(document.Expected.FinalWeights).CheckFits(tree);
            return (document, scenario);
        }
        catch (InvalidDescriptionException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }
    }

    /// <summary>Parses a result file's text into a run of <paramref name="scenario"/>.</summary>
    /// <exception cref="CorpusFormatException">The text is not a valid result for that scenario.</exception>
    public static ScenarioRun ReadResult(string path, string json, string caseName, Scenario scenario)
    {
        var document = Deserialize<ResultDocument>(path, json);
        Require(path, document.Format == ResultFormat, $"format is '{document.Format}', expected '{ResultFormat}'");
        Require(path, document.Case == caseName, $"case is '{document.Case}', expected '{caseName}'");
        Require(
            path,
            document.Steps.Length == scenario.Script.Length,
            $"steps has {document.Steps.Length} entries for {scenario.Script.Length} script steps");
        try
        {
            var initial = Checked(document.InitialWeights, scenario.Tree, "initialWeights");
            var steps = document.Steps.Select((s, i) => new Observation(
                s.Flags.ToImmutableSortedDictionary(StringComparer.Ordinal),
                [.. s.Collected],
                s.Warning is { } w ? new StaleWarning([.. w.NowTrainable], [.. w.NowFrozen]) : null,
                Checked(s.Weights, scenario.Tree, $"steps[{i}].weights")));
            return new ScenarioRun(initial, [.. steps]);
        }
        catch (InvalidDescriptionException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }
    }

    /// <summary>
    /// The failures of a result against its case: every specification check, then the final weights within the case's tolerance.
    /// </summary>
    public static ImmutableArray<string> Verify(CaseDocument document, Scenario scenario, ScenarioRun run)
    {
        var failures = ScenarioChecks.Failures(scenario, run).Select(f => $"{f.Check}: {f.Failure}").ToList();
        if (failures.Count == 0)
        {
            var worst = new WeightSet(document.Expected.FinalWeights).LargestRelativeDifference(run.Steps[^1].Weights);
            if (worst.Difference > document.Expected.Tolerance)
            {
                failures.Add(
                    $"FinalWeights: {worst.Name}[{worst.Index}] differs from the reference by {worst.Difference:R} relative to 1 + |w| "
                    + $"(tolerance {document.Expected.Tolerance:R}).");
            }
        }

        return [.. failures];
    }

    /// <summary>Serialises a document with the corpus options.</summary>
    public static string Write<T>(T document) => JsonSerializer.Serialize(document, Options);

    private static T Deserialize<T>(string path, string json)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new CorpusFormatException(path, "the file holds null");
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $" at {e.Path}";
            var line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
            throw new CorpusFormatException(path, $"{e.Message.Split(" Path:")[0].TrimEnd('.')}{where}{line}");
        }
    }

    private static WeightSet Checked(Dictionary<string, float[]> weights, TreeDescription tree, string field)
    {
        var set = new WeightSet(weights);
        try
        {
            set.CheckFits(tree);
            return set;
        }
        catch (InvalidDescriptionException e)
        {
            throw new InvalidDescriptionException($"{field}: {e.Message}");
        }
    }

    private static void Require(string path, bool condition, string reason)
    {
        if (!condition)
        {
            throw new CorpusFormatException(path, reason);
        }
    }

    private static Dictionary<string, float[]> Weights(WeightSet set) => set.Names.ToDictionary(n => n, n => set[n].ToArray());

    private static NodeDocument ToDocument(NodeDescription node) => node switch
    {
        DenseDescription d => new NodeDocument(d.Name, "dense", d.Activation.ToString().ToLowerInvariant(), d.UseBias),
        ContainerDescription c => new NodeDocument(c.Name, "container", Calls: [.. c.Calls]),
        _ => throw new InvalidDescriptionException(
            $"Node '{node.Name}' is a {node.GetType().Name}; the corpus carries dense layers and containers only."),
    };

    private static StepDocument ToDocument(ScriptStep step, int batch) => step switch
    {
        SetTrainable s => new StepDocument("setTrainable", s.Node, s.Value),
        Compile { Optimizer: not KerasOptimizer.Sgd } c =>
            throw new InvalidDescriptionException($"The corpus carries SGD compiles only, but a step is {c}."),
        Compile c => new StepDocument("compile", Optimizer: "sgd", LearningRate: c.LearningRate),
        Fit => new StepDocument("fit", Epochs: 1, BatchSize: batch),
        _ => throw new InvalidDescriptionException(
            $"The corpus carries flag assignments to nodes, compiles and fits only, but a step is {step}."),
    };

    private static NodeDescription ToNode(NodeDocument node, int index) => node.Kind switch
    {
        "dense" when node.Calls is null && node.Activation is not null && node.UseBias is not null => new DenseDescription(
            node.Name,
            node.Activation switch
            {
                "linear" => ActivationKind.Linear,
                "sigmoid" => ActivationKind.Sigmoid,
                "tanh" => ActivationKind.Tanh,
                _ => throw new InvalidDescriptionException(
                    $"tree.nodes[{index}] ({node.Name}): activation '{node.Activation}' is not linear, sigmoid or tanh."),
            },
            node.UseBias.Value),
        "container" when node.Calls is not null && node.Activation is null && node.UseBias is null =>
            new ContainerDescription(node.Name, [.. node.Calls]),
        "dense" or "container" => throw new InvalidDescriptionException(
            $"tree.nodes[{index}] ({node.Name}): a {node.Kind} needs "
            + $"{(node.Kind == "dense" ? "activation and useBias, and no calls" : "calls, and no activation or useBias")}."),
        _ => throw new InvalidDescriptionException(
            $"tree.nodes[{index}] ({node.Name}): kind '{node.Kind}' is not dense or container."),
    };

    private static ScriptStep ToStep(StepDocument step, int index, int batch) => step.Op switch
    {
        "setTrainable" when step.Node is not null && step.Value is not null => new SetTrainable(step.Node, step.Value.Value),
        "compile" when step.Optimizer == "sgd" && step.LearningRate is not null => new Compile(step.LearningRate.Value),
        "fit" when step.Epochs == 1 && step.BatchSize == batch => Fit.Step,
        "setTrainable" => throw new InvalidDescriptionException($"script[{index}]: setTrainable needs node and value."),
        "compile" => throw new InvalidDescriptionException($"script[{index}]: compile needs optimizer 'sgd' and a learningRate."),
        "fit" => throw new InvalidDescriptionException(
            $"script[{index}]: fit must be one epoch over the whole batch (epochs 1, batchSize {batch})."),
        _ => throw new InvalidDescriptionException($"script[{index}]: op '{step.Op}' is not setTrainable, compile or fit."),
    };
}
