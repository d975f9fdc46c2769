using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// Reads and writes the corpus: cases (a scenario, and what is expected of it) and results (what an
/// implementation observed). Reading is strict: unknown fields, missing fields, wrong types and anything that
/// does not describe a valid scenario are errors naming the file and the place.
/// </summary>
public static class CorpusJson
{
    private const string SetToNone = "setToNone";
    private const float BatchNormMomentum = 0.99f;
    private const float BatchNormEpsilon = 1e-3f;

    /// <summary>The format tag of a case file.</summary>
    public const string CaseFormat = "trainable-spec/case/2";

    /// <summary>The format tag of a result file.</summary>
    public const string ResultFormat = "trainable-spec/result/2";

    /// <summary>The profile a corpus is exported for unless another is asked: the article's.</summary>
    public const string DefaultProfile = "keras-2.1.6";

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

    // After Options: static fields are initialised in the order they are written.
    private static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };

    /// <summary>
    /// The case document of a scenario under <paramref name="profile"/>: the profile's predictions, and the final
    /// weights of <paramref name="reference"/> (the reference engine in the profile's mode) that an optimizer trains.
    /// </summary>
    /// <exception cref="InvalidDescriptionException">The profile does not offer a step of the script.</exception>
    public static CaseDocument ToDocument(string name, Scenario scenario, FrameworkProfile profile, ScenarioRun reference, double tolerance)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(reference);
        var predictions = profile.Predict(scenario);
        var ids = OptimizerIds(scenario.Script, profile);
        var pyTorch = !profile.HasLayerFlags;
        return new CaseDocument(
            CaseFormat,
            name,
            profile.Name,
            $"{profile.Rule}. Operations: {profile.Operations}.",
            new TreeDocument(scenario.Tree.Width, scenario.Tree.Root, [.. scenario.Tree.Nodes.Select(ToDocument)]),
            Weights(scenario.InitialWeights),
            new DataDocument([.. scenario.Data.X.Select(r => r.ToArray())], [.. scenario.Data.Y.Select(r => r.ToArray())]),
            "mean_squared_error",
            [.. scenario.Script.Select((s, i) => ToDocument(s, ids[i], scenario.Data.Count, pyTorch))],
            new ExpectedDocument(
                [.. predictions.Select((p, i) => ToDocument(p, scenario.Script[i]))],
                Weights(reference.Steps[^1].Weights.Only(scenario.Tree.TrainableWeightNames)),
                tolerance));
    }

    /// <summary>The result document of a run.</summary>
    public static ResultDocument ToDocument(string caseName, ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new ResultDocument(
            ResultFormat,
            caseName,
            Weights(run.Initial),
            [.. run.Steps.Select(o => new ResultStepDocument(
                new Dictionary<string, bool>(o.Flags),
                [.. o.Collected],
                o.Refused,
                Weights(o.Weights),
                o.Warning is { } w ? new ResultWarningDocument([.. w.NowTrainable], [.. w.NowFrozen]) : null))]);
    }

    /// <summary>Parses a case file's text (version 1 or 2) into its scenario and profile.</summary>
    /// <exception cref="CorpusFormatException">The text is not a valid case.</exception>
    public static (CaseDocument Document, Scenario Scenario, FrameworkProfile Profile) ReadCase(string path, string json)
    {
        var document = Deserialize<CaseDocument>(path, Upgraded(path, json, CorpusUpgrade.CaseFormatV1, CaseFormat, CorpusUpgrade.Case));
        FrameworkProfile profile;
        try
        {
            profile = FrameworkProfiles.Named(document.Profile);
        }
        catch (ArgumentException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }

        Require(path, document.Loss == "mean_squared_error", $"loss is '{document.Loss}'; only 'mean_squared_error' is specified");
        try
        {
            var tree = new TreeDescription(document.Tree.Width, document.Tree.Nodes.Select((n, i) => ToNode(n, i)), document.Tree.Root);
            var data = new TrainingData(
                [.. document.Data.X.Select(r => r.ToImmutableArray())], [.. document.Data.Y.Select(r => r.ToImmutableArray())]);
            var pyTorch = !profile.HasLayerFlags;
            var scenario = new Scenario(
                    tree,
                    new WeightSet(document.InitialWeights),
                    data,
                    [.. document.Script.Select((s, i) => ToStep(s, i, data.Count, pyTorch))])
                .Validated();
            var ids = OptimizerIds(scenario.Script, profile);
            foreach (var (step, i) in document.Script.Select((s, i) => (s, i)).Where(s => s.s.Optimizer is not null))
            {
                Require(
                    path,
                    step.Optimizer!.Id == ids[i],
                    $"script[{i}]: optimizer id {step.Optimizer.Id}, but under {profile.Name} "
                    + (profile.RebuildsOptimizerAtEachCompile
                        ? "every compile builds a new optimizer"
                        : "compiles reuse the last optimizer exactly when they ask for the same one at the same rate")
                    + $", which makes it {ids[i]}");
            }

            Require(
                path,
                profile.Offers(scenario),
                $"profile {profile.Name} offers no per-variable flag, but the script assigns one");
            Require(
                path,
                document.Expected.Steps.Length == scenario.Script.Length,
                $"expected.steps has {document.Expected.Steps.Length} entries for {scenario.Script.Length} script steps");
            var lacking = Offered(scenario, profile);
            Require(path, lacking is null, lacking!);
            // The expected outcome is the profile's, not the file's word: a stale or edited case must not mislead its reader.
            var predicted = profile.Predict(scenario).Select((p, i) => JsonSerializer.Serialize(ToDocument(p, scenario.Script[i]), Compact))
                .ToArray();
            var differing = document.Expected.Steps.Select((e, i) => (Written: JsonSerializer.Serialize(e, Compact), i))
                .FirstOrDefault(e => e.Written != predicted[e.i]);
            Require(
                path,
                differing.Written is null,
                $"expected.steps[{differing.i}] is {differing.Written}, "
                + $"but profile {profile.Name} predicts {predicted[Math.Max(0, differing.i)]}");
            Require(
                path,
                document.Expected.Tolerance == DifferentialProperties.Tolerance,
                $"expected.tolerance is {document.Expected.Tolerance:R}, but the specification's is {DifferentialProperties.Tolerance:R}");
            var statistics = tree.WeightNames.Except(tree.TrainableWeightNames)
                .Select(n => KeyValuePair.Create(n, scenario.InitialWeights[n].ToArray()));
            new WeightSet(document.Expected.FinalWeights.Concat(statistics)).CheckFits(tree);
            return (document, scenario, profile);
        }
        catch (InvalidDescriptionException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }
    }

    /// <summary>Parses a result file's text (version 1 or 2) into a run of <paramref name="scenario"/>.</summary>
    /// <exception cref="CorpusFormatException">The text is not a valid result for that scenario.</exception>
    public static ScenarioRun ReadResult(string path, string json, string caseName, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var document = Deserialize<ResultDocument>(
            path, Upgraded(path, json, CorpusUpgrade.ResultFormatV1, ResultFormat, CorpusUpgrade.Result));
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
                s.Warning is { } w ? new StaleWarning([.. w.NowTrainable ?? []], [.. w.NowFrozen ?? []]) : null,
                Checked(s.Weights, scenario.Tree, $"steps[{i}].weights"),
                s.Refused));
            return new ScenarioRun(initial, [.. steps]);
        }
        catch (InvalidDescriptionException e)
        {
            throw new CorpusFormatException(path, e.Message);
        }
    }

    /// <summary>
    /// The failures of a result against its case: every check of the case's profile, then the final weights an
    /// optimizer trains within the case's tolerance.
    /// </summary>
    public static ImmutableArray<string> Verify(CaseDocument document, Scenario scenario, FrameworkProfile profile, ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(run);
        var failures = ScenarioChecks.Failures(scenario, run, profile).Select(f => $"{f.Check}: {f.Failure}").ToList();
        if (failures.Count == 0)
        {
            var expected = new WeightSet(document.Expected.FinalWeights);
            var worst = expected.LargestRelativeDifference(run.Steps[^1].Weights.Only(expected.Names));
            if (worst.Difference > document.Expected.Tolerance)
            {
                failures.Add(
                    $"FinalWeights: {worst.Name}[{worst.Index}] differs from the reference by {worst.Difference:R} relative to 1 + |w| "
                    + $"(tolerance {document.Expected.Tolerance:R}).");
            }
        }

        return [.. failures];
    }

    /// <summary>
    /// The optimizer object of each compile under <paramref name="profile"/>, numbered from 1 (0 for other steps): a
    /// compile asking for the same optimizer and rate as the last reuses it (<see cref="Compile"/>), unless the profile
    /// builds a new one at every compile (<see cref="FrameworkProfile.RebuildsOptimizerAtEachCompile"/>).
    /// </summary>
    public static ImmutableArray<int> OptimizerIds(ImmutableArray<ScriptStep> script, FrameworkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var ids = new int[script.Length];
        var (id, last) = (0, (Compile?)null);
        for (var i = 0; i < script.Length; i++)
        {
            if (script[i] is Compile compile)
            {
                id += compile == last && !profile.RebuildsOptimizerAtEachCompile ? 0 : 1;
                (ids[i], last) = (id, compile);
            }
        }

        return [.. ids];
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
            throw new CorpusFormatException(path, Message(e));
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

    private static string Upgraded(string path, string json, string v1, string v2, Func<JsonObject, JsonObject> upgrade)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CorpusFormatException(path, Message(e));
        }

        if (node is not JsonObject o)
        {
            return json; // not an object: reading it as a document says what it is
        }

        var format = o["format"] is JsonValue f && f.TryGetValue<string>(out var tag) ? $"'{tag}'" : "missing";
        return format == $"'{v2}'" ? json
            : format == $"'{v1}'" ? Upgrade(o, upgrade)
            : throw new CorpusFormatException(path, $"format is {format}, expected '{v2}' (or '{v1}')");
    }

    private static string Upgrade(JsonObject v1, Func<JsonObject, JsonObject> upgrade)
    {
        try
        {
            return upgrade(v1).ToJsonString();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // A version 1 file whose fields have the wrong types: reading it as it is says where.
            return v1.ToJsonString();
        }
    }

    private static NodeDocument ToDocument(NodeDescription node) => node switch
    {
        DenseDescription d => new NodeDocument(d.Name, "dense", d.Activation.ToString().ToLowerInvariant(), d.UseBias),
        ContainerDescription c => new NodeDocument(c.Name, "container", Calls: [.. c.Calls]),
        BatchNormDescription b => new NodeDocument(
            b.Name, "batchNormalization", Center: true, Scale: false, Momentum: BatchNormMomentum, Epsilon: BatchNormEpsilon),
        _ => throw new InvalidDescriptionException($"Node '{node.Name}' is a {node.GetType().Name}, which the corpus does not carry."),
    };

    private static StepDocument ToDocument(ScriptStep step, int id, int batch, bool pyTorch) => step switch
    {
        SetTrainable s => new StepDocument("setTrainable", s.Node, s.Value),
        SetVariableTrainable v => new StepDocument("setVariableTrainable", Value: v.Value, Weight: v.Weight),
        Compile c => new StepDocument("compile", Optimizer: c.Optimizer switch
        {
            KerasOptimizer.Sgd => new OptimizerDocument(id, "sgd", c.LearningRate),
            KerasOptimizer.Momentum or KerasOptimizer.Nesterov =>
                new OptimizerDocument(id, c.Optimizer.ToString().ToLowerInvariant(), c.LearningRate, Compile.Momentum),
            KerasOptimizer.Adam =>
                new OptimizerDocument(id, "adam", c.LearningRate, null, UpdateOracle.Beta1, UpdateOracle.Beta2, UpdateOracle.Epsilon),
            _ => new OptimizerDocument(
                id, "adamw", c.LearningRate, null, UpdateOracle.Beta1, UpdateOracle.Beta2, UpdateOracle.Epsilon, Compile.WeightDecay),
        }),
        Fit => new StepDocument("fit", Epochs: 1, BatchSize: batch, Shuffle: false, ZeroGrad: pyTorch ? SetToNone : null),
        _ => throw new InvalidDescriptionException($"A step is {step}, which the corpus does not carry."),
    };

    private static ExpectedStepDocument ToDocument(Prediction prediction, ScriptStep step) => new(
        new Dictionary<string, bool>(prediction.Flags),
        prediction.Refused,
        // The framework's list as a multiset: TensorFlow.js lists a layer once per container that holds it.
        prediction.CollectedList?.Order(StringComparer.Ordinal).ToArray() ?? prediction.Collected?.ToArray(),
        step is Fit ? prediction.Warning is not null : null,
        prediction.Warning is { NamesWeights: true } w ? new WarningDocument([.. w.NowTrainable], [.. w.NowFrozen]) : null,
        step is Fit ? [.. prediction.Moving] : null);

    private static NodeDescription ToNode(NodeDocument node, int index)
    {
        var where = $"tree.nodes[{index}] ({node.Name})";
        return node.Kind switch
        {
            "dense" when node.Calls is null && node.Activation is not null && node.UseBias is not null
                && node.Center is null && node.Scale is null && node.Momentum is null && node.Epsilon is null => new DenseDescription(
                node.Name,
                node.Activation switch
                {
                    "linear" => ActivationKind.Linear,
                    "sigmoid" => ActivationKind.Sigmoid,
                    "tanh" => ActivationKind.Tanh,
                    _ => throw new InvalidDescriptionException($"{where}: activation '{node.Activation}' is not linear, sigmoid or tanh."),
                },
                node.UseBias.Value),
            "container" when node.Calls is not null && node.Activation is null && node.UseBias is null
                && node.Center is null && node.Scale is null && node.Momentum is null && node.Epsilon is null =>
                new ContainerDescription(node.Name, [.. node.Calls]),
            "batchNormalization" when node.Calls is null && node.Activation is null && node.UseBias is null
                && node.Center == true && node.Scale == false && node.Momentum == BatchNormMomentum && node.Epsilon == BatchNormEpsilon =>
                new BatchNormDescription(node.Name),
            "dense" or "container" or "batchNormalization" => throw new InvalidDescriptionException(
                $"{where}: a {node.Kind} needs " + node.Kind switch
                {
                    "dense" => "activation and useBias, and nothing else",
                    "container" => "calls, and nothing else",
                    _ => $"center true, scale false, momentum {BatchNormMomentum} and epsilon {BatchNormEpsilon}, and nothing else",
                } + "."),
            _ => throw new InvalidDescriptionException($"{where}: kind '{node.Kind}' is not dense, batchNormalization or container."),
        };
    }

    private static ScriptStep ToStep(StepDocument step, int index, int batch, bool pyTorch) => step.Op switch
    {
        "setTrainable" when step.Node is not null && step.Value is not null && step with { Node = null, Value = null } == Bare(step) =>
            new SetTrainable(step.Node, step.Value.Value),
        "setVariableTrainable" when step.Weight is not null && step.Value is not null
            && step with { Weight = null, Value = null } == Bare(step) => new SetVariableTrainable(step.Weight, step.Value.Value),
        "compile" when step.Optimizer is not null && step with { Optimizer = null } == Bare(step) => ToCompile(step.Optimizer, index),
        "fit" when step.Epochs == 1 && step.BatchSize == batch && step.Shuffle == false && step.ZeroGrad == (pyTorch ? SetToNone : null)
            && step with { Epochs = null, BatchSize = null, Shuffle = null, ZeroGrad = null } == Bare(step) => Fit.Step,
        "setTrainable" => throw new InvalidDescriptionException($"script[{index}]: setTrainable needs node and value, and nothing else."),
        "compile" when step.Optimizer is not null => throw new InvalidDescriptionException(
            $"script[{index}]: compile needs an optimizer, and nothing else."),
        "setVariableTrainable" => throw new InvalidDescriptionException(
            $"script[{index}]: setVariableTrainable needs weight and value, and nothing else."),
        "compile" => throw new InvalidDescriptionException($"script[{index}]: compile needs an optimizer."),
        "fit" => throw new InvalidDescriptionException(
            $"script[{index}]: fit must be one unshuffled epoch over the whole batch (epochs 1, batchSize {batch}, shuffle false"
            + (pyTorch ? $", zeroGrad '{SetToNone}'" : ", no zeroGrad") + "), and nothing else."),
        _ => throw new InvalidDescriptionException(
            $"script[{index}]: op '{step.Op}' is not setTrainable, setVariableTrainable, compile or fit."),
    };

    private static StepDocument Bare(StepDocument step) => new(step.Op);

    // What a framework does not offer or the profile does not model, beyond the per-variable flags of Offers.
    private static string? Offered(Scenario scenario, FrameworkProfile profile)
    {
        var offered = OptimizersOf(profile);
        if (scenario.Script.OfType<Compile>().FirstOrDefault(c => !offered.Contains(c.Optimizer)) is { } compile)
        {
            return $"profile {profile.Name} offers no {compile.Optimizer.ToString().ToLowerInvariant()} optimizer";
        }

        return !profile.HasLayerFlags && scenario.Tree.BatchNorms.Any() && scenario.Data.Count < 2
            ? $"profile {profile.Name}: PyTorch refuses a training-mode batch normalization over one sample "
                + "(\"Expected more than 1 value per channel when training\"), which the profile does not model; give two or more"
            : null;
    }

    /// <summary>
    /// The optimizers <paramref name="profile"/>'s framework offers: AdamW is in Keras 3, tf.keras since TensorFlow 2.11
    /// and PyTorch; Keras 2.1.6 and 2.2 (keras/optimizers.py) and TensorFlow.js 4.22
    /// (tfjs-core/src/optimizers/optimizer_constructors.ts: sgd, momentum, adagrad, adadelta, adam, adamax, rmsprop) have none.
    /// </summary>
    public static ImmutableArray<KerasOptimizer> OptimizersOf(FrameworkProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.Name is "keras-2.1.6" or "keras-2.2" or "tfjs-4.22"
            ? [KerasOptimizer.Sgd, KerasOptimizer.Momentum, KerasOptimizer.Nesterov, KerasOptimizer.Adam]
            : [KerasOptimizer.Sgd, KerasOptimizer.Momentum, KerasOptimizer.Nesterov, KerasOptimizer.Adam, KerasOptimizer.AdamW];
    }

    // The hyperparameters are the specification's (Compile, UpdateOracle); a case stating others asks for another optimizer.
    private static Compile ToCompile(OptimizerDocument optimizer, int index)
    {
        var (kind, expected) = optimizer.Kind switch
        {
            "sgd" => (
                KerasOptimizer.Sgd,
                optimizer with { Momentum = null, Beta1 = null, Beta2 = null, Epsilon = null, WeightDecay = null }),
            "momentum" or "nesterov" => (
                optimizer.Kind == "momentum" ? KerasOptimizer.Momentum : KerasOptimizer.Nesterov,
                optimizer with { Momentum = Compile.Momentum, Beta1 = null, Beta2 = null, Epsilon = null, WeightDecay = null }),
            "adam" or "adamw" => (
                optimizer.Kind == "adam" ? KerasOptimizer.Adam : KerasOptimizer.AdamW,
                optimizer with
                {
                    Momentum = null,
                    Beta1 = UpdateOracle.Beta1,
                    Beta2 = UpdateOracle.Beta2,
                    Epsilon = UpdateOracle.Epsilon,
                    WeightDecay = optimizer.Kind == "adam" ? null : Compile.WeightDecay,
                }),
            _ => throw new InvalidDescriptionException(
                $"script[{index}]: optimizer kind '{optimizer.Kind}' is not sgd, momentum, nesterov, adam or adamw."),
        };
        return optimizer == expected && optimizer.LearningRate > 0 && float.IsFinite(optimizer.LearningRate)
            ? new Compile(optimizer.LearningRate, kind)
            : throw new InvalidDescriptionException(
                $"script[{index}]: the specification's {optimizer.Kind} is {JsonSerializer.Serialize(expected, Compact)} with a "
                + $"positive finite learningRate, but the case says {JsonSerializer.Serialize(optimizer, Compact)}.");
    }

    private static string Message(JsonException e)
    {
        var where = e.Path is null ? "" : $" at {e.Path}";
        var line = e.LineNumber is { } l ? $" (line {l + 1})" : "";
        return $"{e.Message.Split(" Path:")[0].TrimEnd('.')}{where}{line}";
    }
}
