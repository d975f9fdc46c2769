using System.Collections.Immutable;
using System.Text.Json.Nodes;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Descriptions;

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

    private static string CaseJson(Action<JsonNode>? change = null)
    {
        var node = JsonNode.Parse(CorpusJson.Write(CorpusJson.ToDocument("c", Article, Still(Article), 1e-5)))!;
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
        var (document, scenario) = CorpusJson.ReadCase("c.json", CaseJson());

        Assert.Equal(Article, scenario);
        Assert.Equal("c", document.Name);
        Assert.Equal(["dense_2/kernel"], document.Expected.Steps[^1].Changed!);
    }

    [Theory]
    [InlineData("format", "\"x\"", "format is 'x'")]
    [InlineData("profile", "\"keras-3\"", "profile is 'keras-3'")]
    [InlineData("loss", "\"mae\"", "loss is 'mae'")]
    public void A_case_with_a_wrong_tag_is_rejected(string field, string value, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() => CorpusJson.ReadCase("c.json", CaseJson(n => n[field] = JsonNode.Parse(value))));

        Assert.Contains(reason, e.Message);
        Assert.StartsWith("c.json: ", e.Message);
    }

    [Theory]
    [InlineData("{\"name\":\"dense_1\",\"kind\":\"conv\"}", "kind 'conv' is not dense or container")]
    [InlineData(
        "{\"name\":\"dense_1\",\"kind\":\"dense\",\"activation\":\"relu\",\"useBias\":false}",
        "activation 'relu' is not linear, sigmoid or tanh")]
    [InlineData("{\"name\":\"dense_1\",\"kind\":\"dense\",\"useBias\":false}", "a dense needs activation and useBias, and no calls")]
    [InlineData(
        "{\"name\":\"dense_1\",\"kind\":\"container\",\"activation\":\"linear\"}",
        "a container needs calls, and no activation or useBias")]
    public void A_malformed_node_is_rejected_with_its_index(string node, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["tree"]!["nodes"]![0] = JsonNode.Parse(node))));

        Assert.Contains($"tree.nodes[0] (dense_1): {reason}", e.Message);
    }

    [Theory]
    [InlineData("{\"op\":\"setTrainable\",\"node\":\"dense_1\"}", "script[0]: setTrainable needs node and value")]
    [InlineData("{\"op\":\"compile\",\"optimizer\":\"adam\",\"learningRate\":1}", "script[0]: compile needs optimizer 'sgd'")]
    [InlineData(
        "{\"op\":\"fit\",\"epochs\":2,\"batchSize\":5}",
        "script[0]: fit must be one epoch over the whole batch (epochs 1, batchSize 5)")]
    [InlineData("{\"op\":\"predict\"}", "script[0]: op 'predict' is not setTrainable, compile or fit")]
    public void A_malformed_step_is_rejected_with_its_index(string step, string reason)
    {
        var e = Assert.Throws<CorpusFormatException>(() =>
            CorpusJson.ReadCase("c.json", CaseJson(n => n["script"]![0] = JsonNode.Parse(step))));

        Assert.Contains(reason, e.Message);
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

        Assert.Contains("format is 'x'", format.Message);
        Assert.Contains("case is 'c', expected 'other'", name.Message);
        Assert.Contains("steps has 3 entries for 4 script steps", steps.Message);
        Assert.Contains("steps[1].weights: Weight 'dense_1/kernel' has 1 values", weights.Message);
        Assert.Equal(["dense_2/kernel"], run.Steps[3].Warning!.NowFrozen);
    }

    [Fact]
    public void Verify_reports_the_checks_that_fail_and_final_weights_beyond_the_tolerance()
    {
        // Arrange: the article's script run by an engine that trains nothing fails the checks; a script without a
        // fit, observed correctly, passes them all, so only its final weights can fail it.
        var (document, scenario) = CorpusJson.ReadCase("c.json", CaseJson());
        var compileOnly = Article with { Script = [new SetTrainable("dense_1", false), new Compile(10f)] };
        var flags = compileOnly.Tree.Nodes.ToImmutableSortedDictionary(n => n.Name, n => n.Name != "dense_1", StringComparer.Ordinal);
        var correct = new ScenarioRun(
            compileOnly.InitialWeights,
            [
                new Observation(flags, [], null, compileOnly.InitialWeights),
                new Observation(flags, ["dense_2/kernel"], null, compileOnly.InitialWeights),
            ]);
        var exact = CorpusJson.ToDocument("c", compileOnly, correct, 1e-5);
        var shifted = exact.Expected.FinalWeights.ToDictionary(w => w.Key, w => w.Value.ToArray());
        shifted["dense_1/kernel"][4] += 0.01f;
        var drifted = exact with { Expected = exact.Expected with { FinalWeights = shifted } };

        // Act
        var failures = CorpusJson.Verify(document, scenario, Still(scenario));
        var none = CorpusJson.Verify(exact, compileOnly, correct);
        var drift = CorpusJson.Verify(drifted, compileOnly, correct);

        // Assert
        Assert.Contains(failures, f => f.StartsWith("FlagsReadBack:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Moves:", StringComparison.Ordinal));
        Assert.Empty(none);
        Assert.StartsWith("FinalWeights: dense_1/kernel[4] differs from the reference by", Assert.Single(drift));
    }

    [Fact]
    public void The_schemas_are_shipped_inside_the_assembly()
    {
        Assert.Contains("\"trainable-spec/case/1\"", CorpusSchemas.Case);
        Assert.Contains("\"trainable-spec/result/1\"", CorpusSchemas.Result);
    }

    [Fact]
    public void A_scenario_the_corpus_cannot_carry_is_refused_on_export_with_what_it_holds()
    {
        var adam = Article with { Script = [new Compile(0.1f, KerasOptimizer.Adam), Fit.Step] };
        var tree = new TreeDescription(3, [new BatchNormDescription("bn1"), new ContainerDescription("model", ["bn1"])], "model");
        var withBatchNorm = new Scenario(
            tree,
            new WeightSet(tree.WeightNames.Select(n => KeyValuePair.Create(n, new[] { 1f, 1f, 1f }))),
            Article.Data,
            [new Compile(0.1f), Fit.Step]);

        var optimizer = Assert.Throws<InvalidDescriptionException>(() => CorpusJson.ToDocument("adam", adam, Still(adam), 1e-5));
        var node = Assert.Throws<InvalidDescriptionException>(() => CorpusJson.ToDocument("bn", withBatchNorm, Still(withBatchNorm), 1e-5));

        Assert.Contains("The corpus carries SGD compiles only, but a step is compile(adam 0.1).", optimizer.Message);
        Assert.Contains("Node 'bn1' is a BatchNormDescription; the corpus carries dense layers and containers only.", node.Message);
    }
}
