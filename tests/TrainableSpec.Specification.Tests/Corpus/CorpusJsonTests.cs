using System.Collections.Immutable;
using System.Text.Json.Nodes;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Tests.Corpus;

/// <summary>Reading corpus files is strict: every way a case or result can be wrong gets its own reason.</summary>
public sealed class CorpusJsonTests
{
    private static readonly Scenario Article = ArticleExperiment.ScenarioOf(new ArticleCase(true, false));

    // A run that changes nothing: enough to write a document (the checks are tested elsewhere).
    private static ScenarioRun Still(Scenario scenario) => new(
        scenario.InitialWeights,
        [
            .. scenario.Script.Select(_ => new Observation(
                scenario.Tree.Nodes.ToImmutableSortedDictionary(n => n.Name, _ => true, StringComparer.Ordinal),
                [],
                null,
                scenario.InitialWeights)),
        ]);

    // A scenario with every kind of node and step, and every optimizer: what a case of keras-3 or PyTorch may hold.
    private static readonly Scenario Everything = EverythingScenario(FrameworkProfiles.Keras3);

    // The same with the optimizers the profile's framework offers.
    private static Scenario EverythingScenario(FrameworkProfile profile)
    {
        var tree = new TreeDescription(
            2,
            [
                new BatchNormDescription("bn1"),
                new DenseDescription("d1", ActivationKind.Tanh, UseBias: true),
                new ContainerDescription("a", ["bn1", "d1"]),
                new ContainerDescription("model", ["a", "d1"]),
            ],
            "model");
        var weights = new WeightSet(tree.WeightNames.Select(n => KeyValuePair.Create(n, n.EndsWith("kernel", StringComparison.Ordinal)
            ? new[] { 1f, 0f, 0f, 1f }
            : [0.5f, 1f])));
        var data = new TrainingData([[0.5f, 1f], [1f, 0.5f]], [[3f, 3f], [3f, 3f]]);
        return new Scenario(
            tree,
            weights,
            data,
            [
                new SetTrainable("a", false),
                new SetVariableTrainable("d1/bias", false),
                .. new[] { KerasOptimizer.Sgd, KerasOptimizer.Momentum, KerasOptimizer.Momentum, KerasOptimizer.Nesterov }
                    .Concat([KerasOptimizer.Adam, KerasOptimizer.AdamW])
                    .Where(CorpusJson.OptimizersOf(profile).Contains)
                    .SelectMany(o => new ScriptStep[] { new Compile(1e-3f, o), Fit.Step }),
            ]).Validated();
    }

    private static string CaseJson(Action<JsonNode>? change = null) => CaseJson(Article, FrameworkProfiles.Keras216, change);

    private static string CaseJson(Scenario scenario, FrameworkProfile profile, Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(CorpusJson.Write(CorpusJson.ToDocument("c", scenario, profile, Still(scenario), 1e-5)))!;
        change?.Invoke(node);
        return node.ToJsonString();
    }

    private static string ResultJson(Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(CorpusJson.Write(CorpusJson.ToDocument("c", Still(Article))))!;
        change?.Invoke(node);
        return node.ToJsonString();
    }

    [Fact]
    public void A_case_round_trips_to_the_same_scenario()
    {
        var (document, scenario, profile) = CorpusJson.ReadCase("c.json", CaseJson());

        Assert.Equal(Article, scenario);
        Assert.Same(FrameworkProfiles.Keras216, profile);
        Assert.Equal("c", document.Name);
        Assert.Equal(["dense_2/kernel"], document.Expected.Steps[^1].Changed!);
        Assert.False(document.Expected.Steps[^1].Warns);
        Assert.Null(document.Expected.Steps[0].Warns);
    }

    [Theory]
    [InlineData("keras-3")]
    [InlineData("tfjs-4.22")]
    [InlineData("pytorch")]
    [InlineData("pytorch-filtered")]
    public void A_case_with_every_node_step_and_optimizer_round_trips_under_each_profile_that_offers_them(string name)
    {
        var profile = FrameworkProfiles.Named(name);
        var everything = EverythingScenario(profile);

        var json = CaseJson(everything, profile);
        var (document, scenario, read) = CorpusJson.ReadCase("c.json", json);

        Assert.Equal(everything, scenario);
        Assert.Same(profile, read);
        // The two momentum compiles share an optimizer, except where every compile builds a new one.
        Assert.Equal(
            name switch { "pytorch-filtered" => [1, 2, 3, 4, 5, 6], "tfjs-4.22" => [1, 2, 2, 3, 4], _ => [1, 2, 2, 3, 4, 5] },
            document.Script.Where(s => s.Optimizer is not null).Select(s => s.Optimizer!.Id));
        Assert.All(
            document.Script.Where(s => s.Op == "fit"),
            s => Assert.Equal(name.StartsWith("pytorch", StringComparison.Ordinal) ? "setToNone" : null, s.ZeroGrad));
        Assert.DoesNotContain(document.Expected.FinalWeights.Keys, k => k.Contains("moving", StringComparison.Ordinal));
        Assert.Equal(profile.Predict(scenario).Select(p => p.Refused), document.Expected.Steps.Select(s => s.Refused));
    }

    [Fact]
    public void A_version_1_case_and_result_read_as_the_version_2_files_they_stand_for()
    {
        // Arrange: the article's case and a still result, written as version 1 wrote them.
        var v2 = JsonNode.Parse(CaseJson())!;
        var v1 = JsonNode.Parse(CaseJson())!;
        v1["format"] = "trainable-spec/case/1";
        v1.AsObject().Remove("rule");
        foreach (var step in v1["script"]!.AsArray().Select(s => s!.AsObject()).Where(s => s["op"]!.GetValue<string>() == "compile"))
        {
            step["learningRate"] = step["optimizer"]!["learningRate"]!.GetValue<float>();
            step["optimizer"] = "sgd";
        }

        foreach (var step in v1["script"]!.AsArray().Select(s => s!.AsObject()).Where(s => s["op"]!.GetValue<string>() == "fit"))
        {
            step.Remove("shuffle");
        }

        foreach (var step in v1["expected"]!["steps"]!.AsArray().Select(s => s!.AsObject()))
        {
            step.Remove("refused");
            step.Remove("warns");
        }

        var result = JsonNode.Parse(ResultJson())!;
        result["format"] = "trainable-spec/result/1";
        foreach (var step in result["steps"]!.AsArray().Select(s => s!.AsObject()))
        {
            step.Remove("refused");
        }

        // Act
        var (document, scenario, profile) = CorpusJson.ReadCase("v1.json", v1.ToJsonString());
        var (expected, _, _) = CorpusJson.ReadCase("v2.json", v2.ToJsonString());
        var run = CorpusJson.ReadResult("r.json", result.ToJsonString(), "c", scenario);

        // Assert
        Assert.Equal(Article, scenario);
        Assert.Same(FrameworkProfiles.Keras216, profile);
        Assert.Equal(CorpusJson.Write(expected.Expected), CorpusJson.Write(document.Expected));
        Assert.Equal(CorpusJson.Write(expected.Script), CorpusJson.Write(document.Script));
        Assert.All(run.Steps, o => Assert.False(o.Refused));
    }

    [Theory]
    [InlineData("format", "\"x\"", "format is 'x', expected 'trainable-spec/case/2' (or 'trainable-spec/case/1')")]
    [InlineData("profile", "\"keras-4\"", "There is no profile 'keras-4'; the profiles are keras-2.1.6")]
    [InlineData("loss", "\"mae\"", "loss is 'mae'")]
    public void A_case_with_a_wrong_tag_is_rejected(string field, string value, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", CaseJson(n => n[field] = JsonNode.Parse(value))));

        Assert.Contains(reason, e.Message);
        Assert.StartsWith("c.json: ", e.Message);
    }

    [Theory]
    [InlineData("{\"name\":\"dense_1\",\"kind\":\"conv\"}", "kind 'conv' is not dense, batchNormalization or container")]
    [InlineData(
        "{\"name\":\"dense_1\",\"kind\":\"dense\",\"activation\":\"relu\",\"useBias\":false}",
        "activation 'relu' is not linear, sigmoid or tanh")]
    [InlineData("{\"name\":\"dense_1\",\"kind\":\"dense\",\"useBias\":false}", "a dense needs activation and useBias, and nothing else")]
    [InlineData(
        "{\"name\":\"dense_1\",\"kind\":\"container\",\"activation\":\"linear\"}",
        "a container needs calls, and nothing else")]
    [InlineData(
        "{\"name\":\"dense_1\",\"kind\":\"batchNormalization\",\"center\":true,\"scale\":true,\"momentum\":0.99,\"epsilon\":0.001}",
        "a batchNormalization needs center true, scale false, momentum 0.99 and epsilon 0.001, and nothing else")]
    public void A_malformed_node_is_rejected_with_its_index(string node, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["tree"]!["nodes"]![0] = JsonNode.Parse(node))));

        Assert.Contains($"tree.nodes[0] (dense_1): {reason}", e.Message);
    }

    [Theory]
    [InlineData("{\"op\":\"setTrainable\",\"node\":\"dense_1\"}", "script[0]: setTrainable needs node and value")]
    [InlineData("{\"op\":\"setVariableTrainable\",\"value\":true}", "script[0]: setVariableTrainable needs weight and value")]
    [InlineData("{\"op\":\"compile\"}", "script[0]: compile needs an optimizer")]
    [InlineData(
        "{\"op\":\"compile\",\"optimizer\":{\"id\":1,\"kind\":\"rmsprop\",\"learningRate\":1}}",
        "script[0]: optimizer kind 'rmsprop' is not sgd, momentum, nesterov, adam or adamw")]
    [InlineData(
        "{\"op\":\"compile\",\"optimizer\":{\"id\":1,\"kind\":\"momentum\",\"learningRate\":1,\"momentum\":0.5}}",
        "script[0]: the specification's momentum is {\"id\":1,\"kind\":\"momentum\",\"learningRate\":1,\"momentum\":0.9}")]
    [InlineData(
        "{\"op\":\"compile\",\"optimizer\":{\"id\":1,\"kind\":\"sgd\",\"learningRate\":0}}",
        "with a positive finite learningRate, but the case says {\"id\":1,\"kind\":\"sgd\",\"learningRate\":0}")]
    [InlineData(
        "{\"op\":\"fit\",\"epochs\":2,\"batchSize\":5,\"shuffle\":false}",
        "script[0]: fit must be one unshuffled epoch over the whole batch (epochs 1, batchSize 5, shuffle false, no zeroGrad)")]
    [InlineData(
        "{\"op\":\"fit\",\"epochs\":1,\"batchSize\":5,\"shuffle\":false,\"zeroGrad\":\"setToNone\"}",
        "script[0]: fit must be one unshuffled epoch")]
    [InlineData("{\"op\":\"predict\"}", "script[0]: op 'predict' is not setTrainable, setVariableTrainable, compile or fit")]
    public void A_malformed_step_is_rejected_with_its_index(string step, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["script"]![0] = JsonNode.Parse(step))));

        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void An_optimizer_id_other_than_the_specifications_reuse_and_an_operation_the_profile_lacks_are_rejected()
    {
        var id = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["script"]![2]!["optimizer"]!["id"] = 2)));
        var variable = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(Everything, FrameworkProfiles.Keras3, n => n["profile"] = "keras-2.1.6")));
        var zeroGrad = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(Everything, FrameworkProfiles.Keras3, n => n["profile"] = "pytorch")));

        Assert.Contains(
            "script[2]: optimizer id 2, but under keras-2.1.6 compiles reuse the last optimizer exactly when they ask for the same "
            + "one at the same rate, which makes it 1",
            id.Message);
        Assert.Contains("profile keras-2.1.6 offers no per-variable flag, but the script assigns one", variable.Message);
        Assert.Contains("zeroGrad 'setToNone'", zeroGrad.Message);
    }

    [Fact]
    public void An_expected_outcome_other_than_the_profiles_or_another_tolerance_is_rejected_naming_the_step()
    {
        var step = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["expected"]!["steps"]![3]!["changed"] = new JsonArray())));
        var tolerance = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["expected"]!["tolerance"] = 1e9)));

        Assert.Contains("expected.steps[3] is {", step.Message);
        Assert.Contains("but profile keras-2.1.6 predicts {", step.Message);
        Assert.Contains("\"changed\":[\"dense_2/kernel\"]", step.Message);
        Assert.Contains("expected.tolerance is 1000000000, but the specification's is 1E-05", tolerance.Message);
    }

    [Fact]
    public void An_optimizer_or_a_batch_the_profiles_framework_does_not_run_is_rejected()
    {
        var adamW = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(Everything, FrameworkProfiles.Keras3, n => n["profile"] = "tfjs-4.22")));
        var oneSample = Everything with { Data = new TrainingData([[0.5f, 1f]], [[3f, 3f]]) };
        var batch = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(oneSample, FrameworkProfiles.PyTorch)));

        Assert.Contains("profile tfjs-4.22 offers no adamw optimizer", adamW.Message);
        Assert.Contains("PyTorch refuses a training-mode batch normalization over one sample", batch.Message);
    }

    [Theory]
    [InlineData(2, "node", "\"d1\"", "script[2]: compile needs an optimizer, and nothing else")]
    [InlineData(3, "node", "\"d1\"", "script[3]: fit must be one unshuffled epoch")]
    [InlineData(0, "epochs", "1", "script[0]: setTrainable needs node and value, and nothing else")]
    public void A_step_with_a_field_of_another_step_is_rejected(int index, string field, string value, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["script"]![index]![field] = JsonNode.Parse(value))));

        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_version_1_file_with_fields_of_the_wrong_type_is_rejected_naming_the_place_not_crashed_on()
    {
        var v1 = JsonNode.Parse(CaseJson())!;
        v1["format"] = "trainable-spec/case/1";
        v1["script"]![2] = JsonNode.Parse("{\"op\":5,\"optimizer\":\"sgd\",\"learningRate\":\"0.1\"}");

        var e = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("v1.json", v1.ToJsonString()));

        Assert.StartsWith("v1.json: ", e.Message);
        Assert.Contains("$.script[2]", e.Message);
    }

    [Fact]
    public void Unknown_fields_missing_fields_wrong_types_and_bad_json_name_the_place()
    {
        var unknown = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", CaseJson(n => n["extra"] = 1)));
        var missing = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", CaseJson(n => n.AsObject().Remove("data"))));
        var type = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", CaseJson(n => n["tree"]!["width"] = "three")));
        var broken = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", "{"));
        var nothing = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", "null"));

        Assert.Contains("extra", unknown.Message);
        Assert.Contains("data", missing.Message);
        Assert.Contains("$.tree.width", type.Message);
        Assert.Contains("line", broken.Message);
        Assert.Contains("the file holds null", nothing.Message);
    }

    [Fact]
    public void Expected_steps_and_final_weights_must_fit_the_scenario()
    {
        var steps = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["expected"]!["steps"]!.AsArray().RemoveAt(0))));
        var weights = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["expected"]!["finalWeights"]!.AsObject().Remove("dense_1/kernel"))));
        var cycle = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["tree"]!["nodes"]![2]!["calls"]![0] = "shared_layer")));

        Assert.Contains("expected.steps has 3 entries for 4 script steps", steps.Message);
        Assert.Contains("Weight 'dense_1/kernel' of the tree has no initial values", weights.Message);
        Assert.Contains("contains itself", cycle.Message);
    }

    [Fact]
    public void A_result_must_be_tagged_for_its_case_with_one_step_per_script_step_and_fitting_weights()
    {
        var format = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadResult("r.json", ResultJson(n => n["format"] = "x"), "c", Article));
        var name = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadResult("r.json", ResultJson(), "other", Article));
        var steps = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadResult("r.json", ResultJson(n => n["steps"]!.AsArray().RemoveAt(0)), "c", Article));
        var weights = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadResult(
                "r.json",
                ResultJson(n => n["steps"]![1]!["weights"]!["dense_1/kernel"] = new JsonArray(1)),
                "c",
                Article));
        var run = CorpusJson.ReadResult(
            "r.json",
            ResultJson(n => n["steps"]![3]!["warning"] = JsonNode.Parse("{\"nowTrainable\":[],\"nowFrozen\":[\"dense_2/kernel\"]}")),
            "c",
            Article);
        var refused = CorpusJson.ReadResult(
            "r.json",
            ResultJson(n =>
            {
                n["steps"]![3]!["refused"] = true;
                n["steps"]![3]!["error"] = "variableGrads() expects at least one of the input variables to be trainable";
                n["steps"]![3]!["warning"] = JsonNode.Parse("{\"message\":\"Discrepancy between trainableweights\"}");
            }),
            "c",
            Article);

        Assert.Contains("format is 'x'", format.Message);
        Assert.Contains("case is 'c', expected 'other'", name.Message);
        Assert.Contains("steps has 3 entries for 4 script steps", steps.Message);
        Assert.Contains("steps[1].weights: Weight 'dense_1/kernel' has 1 values", weights.Message);
        Assert.Equal(["dense_2/kernel"], run.Steps[3].Warning!.NowFrozen);
        Assert.True(refused.Steps[3].Refused);
        Assert.Empty(refused.Steps[3].Warning!.Named);
    }

    [Fact]
    public void Verify_reports_the_checks_that_fail_and_final_weights_beyond_the_tolerance()
    {
        // Arrange: the article's script run by an engine that trains nothing fails the checks; a script without a
        // fit, observed correctly, passes them all, so only its final weights can fail it.
        var (document, scenario, profile) = CorpusJson.ReadCase("c.json", CaseJson());
        var compileOnly = Article with { Script = [new SetTrainable("dense_1", false), new Compile(10f)] };
        var flags = compileOnly.Tree.Nodes.ToImmutableSortedDictionary(n => n.Name, n => n.Name != "dense_1", StringComparer.Ordinal);
        var correct = new ScenarioRun(
            compileOnly.InitialWeights,
            [
                new Observation(flags, [], null, compileOnly.InitialWeights),
                new Observation(flags, ["dense_2/kernel"], null, compileOnly.InitialWeights),
            ]);
        var exact = CorpusJson.ToDocument("c", compileOnly, profile, correct, 1e-5);
        var shifted = exact.Expected.FinalWeights.ToDictionary(w => w.Key, w => w.Value.ToArray());
        shifted["dense_1/kernel"][4] += 0.01f;
        var drifted = exact with { Expected = exact.Expected with { FinalWeights = shifted } };

        // Act
        var failures = CorpusJson.Verify(document, scenario, profile, Still(scenario));
        var none = CorpusJson.Verify(exact, compileOnly, profile, correct);
        var drift = CorpusJson.Verify(drifted, compileOnly, profile, correct);

        // Assert
        Assert.Contains(failures, f => f.StartsWith("FlagsReadBack:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Moves:", StringComparison.Ordinal));
        Assert.Empty(none);
        Assert.StartsWith("FinalWeights: dense_1/kernel[4] differs from the reference by", Assert.Single(drift));
    }

    [Fact]
    public void The_schemas_are_shipped_inside_the_assembly()
    {
        Assert.Contains("\"trainable-spec/case/2\"", CorpusSchemas.Case);
        Assert.Contains("\"trainable-spec/result/2\"", CorpusSchemas.Result);
        Assert.Contains("\"trainable-spec/case/1\"", CorpusSchemas.CaseV1);
        Assert.Contains("\"trainable-spec/result/1\"", CorpusSchemas.ResultV1);
    }

    [Fact]
    public void A_step_the_profile_does_not_offer_is_refused_on_export_with_the_framework_named()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() =>
            CorpusJson.ToDocument("c", Everything, FrameworkProfiles.Keras216, Still(Everything), 1e-5));

        Assert.Contains("Keras 2 offers no per-variable trainable flag", e.Message);
    }
}
