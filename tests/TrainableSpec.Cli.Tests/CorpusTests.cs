using Json.Schema;
using TrainableSpec.Engine;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Cli.Tests;

/// <summary>The corpus path for implementations in other languages: export, run an adapter, verify.</summary>
public sealed class CorpusTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trainable-spec-corpus-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Corpus => Path.Combine(_folder, "corpus");

    private string Results => Path.Combine(_folder, "results");

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = CommandLine.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private void Export(int cases = 30, string generators = "rules,optimizers,batchnorm") =>
        Assert.Equal(0, Run("export", "--out", Corpus, "--cases", cases.ToString(), "--generators", generators).Exit);

    private IEnumerable<(string Name, CaseDocument Document, TrainableSpec.Specification.Descriptions.Scenario Scenario)> Cases() =>
        Directory.GetFiles(Path.Combine(Corpus, "cases"), "*.json").Order(StringComparer.Ordinal).Select(path =>
        {
            var (document, scenario, _) = CorpusJson.ReadCase(path, File.ReadAllText(path));
            return (Path.GetFileNameWithoutExtension(path), document, scenario);
        });

    private void WriteResults(Func<string, TrainableSpec.Specification.Descriptions.Scenario, string> result)
    {
        Directory.CreateDirectory(Results);
        foreach (var (name, _, scenario) in Cases())
        {
            File.WriteAllText(Path.Combine(Results, name + ".json"), result(name, scenario));
        }
    }

    // The named cases of a keras-2.1.6 corpus: those drawn from the article, and the profile matrix's rows less the three
    // that assign a variable's flag, which Keras 2 does not offer.
    private static readonly int Named = CaseNames.Article.Length + MatrixScenarios.All.Length - 3;

    // With the rules generator alone, the matrix's three rows with a batch normalization and its momentum row are left out.
    private static readonly int NamedRulesOnly = Named - 4;

    [Theory]
    [InlineData("keras-2.1.6", 0)]
    [InlineData("keras-2.2", 0)]
    [InlineData("tf-keras-2", 0)]
    [InlineData("keras-3", 3)]
    [InlineData("tfjs-4.22", 3)]
    [InlineData("pytorch", 3)]
    [InlineData("pytorch-filtered", 3)]
    public void Export_writes_the_schemas_the_named_and_the_generated_cases_of_a_profile_and_every_case_matches_the_schema(
        string profile, int variableRows)
    {
        // Act
        Assert.Equal(0, Run("export", "--out", Corpus, "--cases", "6", "--profile", profile).Exit);

        // Assert
        var schema = JsonSchema.FromText(
            File.ReadAllText(Path.Combine(Corpus, CorpusSchemas.CaseFileName)), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        var files = Directory.GetFiles(Path.Combine(Corpus, "cases"));
        Assert.Equal(Named + variableRows + 6, files.Length);
        Assert.Contains(files, f => f.EndsWith("article-container_used_twice.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("article-many_samples.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("article-container_True_layer_False.json", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("matrix-shared-layer-frozen-container-set-last.json", StringComparison.Ordinal));
        Assert.All(files, f =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(f));
            Assert.True(schema.Evaluate(json.RootElement).IsValid, f);
            Assert.Equal(profile, json.RootElement.GetProperty("profile").GetString());
        });
        var generated = Cases().Where(c => c.Name.StartsWith("case-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, generated.Count(c => c.Scenario.Tree.BatchNorms.Any()));
        Assert.Equal(2, generated.Count(c => c.Scenario.Script.OfType<TrainableSpec.Specification.Descriptions.Compile>()
            .Any(k => k.Optimizer != TrainableSpec.Specification.Descriptions.KerasOptimizer.Sgd)));
    }

    [Fact]
    public void Export_with_the_rules_generator_alone_leaves_out_stateful_optimizers_and_batch_normalization()
    {
        Assert.Equal(0, Run("export", "--out", Corpus, "--cases", "6", "--generators", "rules").Exit);

        Assert.All(Cases(), c =>
        {
            Assert.Empty(c.Scenario.Tree.BatchNorms);
            Assert.All(
                c.Scenario.Script.OfType<TrainableSpec.Specification.Descriptions.Compile>(),
                k => Assert.Equal(TrainableSpec.Specification.Descriptions.KerasOptimizer.Sgd, k.Optimizer));
        });
    }

    [Theory]
    [InlineData("--profile", "keras-4", "There is no profile 'keras-4'")]
    [InlineData("--generators", "rules,conv", "--generators 'rules,conv': 'conv' is unknown")]
    [InlineData("--generators", ",", "--generators ',': names none")]
    public void Export_with_an_unknown_profile_or_generator_says_which(string option, string value, string reason)
    {
        var (exit, _, error) = Run("export", "--out", Corpus, option, value);

        Assert.Equal(2, exit);
        Assert.Contains(reason, error);
        Assert.False(Directory.Exists(Corpus));
    }

    [Fact]
    public void Export_never_overwrites_without_force_and_replaces_with_force()
    {
        Export(cases: 2);
        var path = Path.Combine(Corpus, "cases", "case-0001.json");
        File.WriteAllText(path, "mine");

        var refused = Run("export", "--out", Corpus, "--cases", "2");
        Assert.Equal(4, refused.Exit);
        Assert.Contains("Refusing to overwrite", refused.Error);
        Assert.Equal("mine", File.ReadAllText(path));

        Assert.Equal(0, Run("export", "--out", Corpus, "--cases", "2", "--force").Exit);
        Assert.NotEqual("mine", File.ReadAllText(path));
    }

    [Fact]
    public void The_reference_engines_own_results_pass_every_case()
    {
        Export();
        WriteResults((name, scenario) => CorpusJson.Write(CorpusJson.ToDocument(name, new ReferenceImplementation().Run(scenario))));

        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--results", Results);

        Assert.Equal(0, exit);
        Assert.EndsWith($"{Named + 30} passed, 0 failed", output.TrimEnd());
    }

    [Fact]
    public void A_deliberately_wrong_implementation_fails_and_the_report_names_exactly_the_cases_it_gets_wrong()
    {
        // Arrange: an engine that ORs the flags (over dense layers: it knows nothing of batch statistics), run through the
        // corpus like any other implementation.
        Export(generators: "rules");
        var wrong = new ReferenceImplementation(new OrRule(), "or");
        var expectedFailures = Cases()
            .Where(c => !ScenarioChecks.Failures(c.Scenario, wrong.Run(c.Scenario)).IsEmpty)
            .Select(c => c.Name)
            .ToArray();
        WriteResults((name, scenario) => CorpusJson.Write(CorpusJson.ToDocument(name, wrong.Run(scenario))));

        // Act
        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--results", Results);

        // Assert
        Assert.Equal(1, exit);
        Assert.NotEmpty(expectedFailures);
        Assert.EndsWith(
            $"{NamedRulesOnly + 30 - expectedFailures.Length} passed, {expectedFailures.Length} failed", output.TrimEnd());
        Assert.All(expectedFailures, name => Assert.Contains($"{name}:", output));
        Assert.Contains("article-container_True_layer_False:", output);
        Assert.Contains("Moves: At step 3 (fit): changed [dense_1/kernel dense_2/kernel]", output);
    }

    [Fact]
    public void The_naive_engine_written_outside_the_reference_fails_through_the_corpus_too()
    {
        Export(generators: "rules"); // the sample engine compiles with SGD and builds dense layers only
        var naive = new TrainableSpec.Samples.NaiveEngine.NaiveEngine(TrainableSpec.Samples.NaiveEngine.Mistake.IgnoresContainerFlags);
        WriteResults((name, scenario) => CorpusJson.Write(CorpusJson.ToDocument(name, naive.Run(scenario))));

        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--results", Results);

        Assert.Equal(1, exit);
        Assert.Contains("article-container_False_layer_True:", output);
        Assert.Contains(
            "Moves: At step 3 (fit): changed [dense_1/kernel dense_2/kernel], but the weights trainable at the last compile are []",
            output);
    }

    [Theory]
    [InlineData("{ not json", "malformed result: not JSON")]
    [InlineData(
        "{\"format\":\"trainable-spec/result/1\",\"case\":\"case-0001\",\"initialWeights\":{},\"steps\":[],\"extra\":1}",
        "malformed result: does not match the schema")]
    [InlineData("[1, 2]", "malformed result: does not match the schema")]
    public void Malformed_results_fail_with_their_path_and_reason_and_never_count_as_passes(string text, string reason)
    {
        Export(cases: 1);
        WriteResults((name, scenario) => CorpusJson.Write(CorpusJson.ToDocument(name, new ReferenceImplementation().Run(scenario))));
        File.WriteAllText(Path.Combine(Results, "case-0001.json"), text);

        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--results", Results);

        Assert.Equal(1, exit);
        Assert.Contains($"{Path.Combine(Results, "case-0001.json")}: {reason}", output);
        Assert.EndsWith($"{Named} passed, 1 failed", output.TrimEnd());
    }

    [Fact]
    public void A_result_with_missing_weights_or_a_missing_file_fails_naming_the_file()
    {
        Export(cases: 2);
        WriteResults((name, scenario) => CorpusJson.Write(CorpusJson.ToDocument(name, new ReferenceImplementation().Run(scenario))));
        var path = Path.Combine(Results, "case-0001.json");
        var (_, _, scenario) = Cases().Single(c => c.Name == "case-0001");
        var run = new ReferenceImplementation().Run(scenario);
        var missing = CorpusJson.ToDocument("case-0001", run) with { InitialWeights = [] };
        File.WriteAllText(path, CorpusJson.Write(missing));
        File.Delete(Path.Combine(Results, "case-0002.json"));

        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--results", Results);

        Assert.Equal(1, exit);
        Assert.Contains($"{path}: initialWeights: Weight '", output);
        Assert.Contains($"{Path.Combine(Results, "case-0002.json")}: no result file for this case", output);
    }

    [Fact]
    public void A_malformed_case_fails_naming_the_case_file()
    {
        Export(cases: 1);
        var path = Path.Combine(Corpus, "cases", "case-0001.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"kind\": \"dense\"", "\"kind\": \"conv\""));

        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--command", "cat");

        Assert.Equal(1, exit);
        Assert.Contains($"{path}: malformed case: does not match the schema", output);
    }

    [Fact]
    public void A_case_whose_final_weights_are_not_the_reference_engines_fails_naming_the_weight()
    {
        Export(cases: 1);
        var path = Path.Combine(Corpus, "cases", "article-container_True_layer_True.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["expected"]!["finalWeights"]!["dense_1/kernel"]![0] = 123;
        File.WriteAllText(path, json.ToJsonString());

        var (exit, output, _) = Run("verify", "--corpus", Corpus, "--command", "cat");

        Assert.Equal(1, exit);
        Assert.Contains(
            $"{path}: expected.finalWeights[dense_1/kernel] is not the reference engine's in the keras-2.1.6 mode; re-export the corpus",
            output);
    }

    [Fact]
    public void A_command_adapter_that_fails_or_echoes_garbage_is_reported_per_case()
    {
        Export(cases: 1);

        var failing = Run("verify", "--corpus", Corpus, "--command", "echo broken >&2; exit 3");
        var echoing = Run("verify", "--corpus", Corpus, "--command", "cat");

        Assert.Contains("exited with code 3: broken", failing.Output);
        Assert.EndsWith($"0 passed, {Named + 1} failed", failing.Output.TrimEnd());
        Assert.Contains("malformed result: does not match the schema", echoing.Output);
    }

    [Fact]
    public void Verify_for_a_profile_judges_each_case_by_it_and_fails_cases_of_another_profile()
    {
        // Arrange: a tfjs-4.22 corpus, and the reference engine in each case's profile mode as the adapter.
        Assert.Equal(0, Run("export", "--out", Corpus, "--cases", "3", "--profile", "tfjs-4.22").Exit);
        WriteResults((name, scenario) =>
        {
            using var output = new StringWriter();
            using var input = new StringReader(File.ReadAllText(Path.Combine(Corpus, "cases", name + ".json")));
            Assert.Equal(0, CommandLine.Run(["run-case"], input, output, TextWriter.Null));
            return output.ToString();
        });

        // Act
        var right = Run("verify", "--corpus", Corpus, "--profile", "tfjs-4.22", "--results", Results);
        var other = Run("verify", "--corpus", Corpus, "--profile", "pytorch", "--results", Results);
        var unknown = Run("verify", "--corpus", Corpus, "--profile", "keras-4", "--results", Results);

        // Assert
        Assert.Equal(0, right.Exit);
        Assert.EndsWith($"{Named + 3 + 3} passed, 0 failed (tfjs-4.22)", right.Output.TrimEnd());
        Assert.Equal(1, other.Exit);
        Assert.Contains("the case is for profile tfjs-4.22, not pytorch", other.Output);
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("There is no profile 'keras-4'", unknown.Error);
    }

    [Fact]
    public void A_listed_known_deviation_is_reported_as_such_never_as_a_pass_and_a_stale_entry_fails()
    {
        // Arrange: the reference's results, one of them refused where the case trains.
        Export(cases: 1);
        WriteResults((name, scenario) => CorpusJson.Write(CorpusJson.ToDocument(name, new ReferenceImplementation().Run(scenario))));
        var path = Path.Combine(Results, "case-0001.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"refused\": false", "\"refused\": true"));
        string List(params (string Case, string Failure)[] entries)
        {
            var file = Path.Combine(_folder, $"deviations-{entries.Length}.json");
            var deviations = entries.Select(e =>
                $"{{\"case\":\"{e.Case}\",\"failure\":\"{e.Failure}\",\"reason\":\"the framework's bug\"}}");
            File.WriteAllText(
                file,
                "{\"format\":\"trainable-spec/deviations/1\",\"profile\":\"keras-2.1.6\","
                + $"\"deviations\":[{string.Join(",", deviations)}]}}");
            return file;
        }

        // Act
        var listed = Run("verify", "--corpus", Corpus, "--results", Results, "--known-deviations", List(("case-0001", "was refused")));
        var otherwise = Run("verify", "--corpus", Corpus, "--results", Results, "--known-deviations", List(("case-0001", "Values:")));
        var both = List(("case-0001", "was refused"), ("article-container_True_layer_True", "Moves:"));
        var stale = Run("verify", "--corpus", Corpus, "--results", Results, "--known-deviations", both);
        var unlisted = Run("verify", "--corpus", Corpus, "--results", Results);
        File.WriteAllText(Path.Combine(_folder, "bad.json"), "{\"format\":\"x\",\"profile\":\"p\",\"deviations\":[]}");
        var malformed = Run("verify", "--corpus", Corpus, "--results", Results, "--known-deviations", Path.Combine(_folder, "bad.json"));
        var unknownCase = Run(
            "verify", "--corpus", Corpus, "--results", Results, "--known-deviations",
            List(("case-0001", "was refused"), ("case-9999", "Moves:")));
        var emptyFailure = Run("verify", "--corpus", Corpus, "--results", Results, "--known-deviations", List(("case-0001", "")));
        var pyTorchList = List(("case-0001", "was refused"));
        File.WriteAllText(pyTorchList, File.ReadAllText(pyTorchList).Replace("keras-2.1.6", "pytorch", StringComparison.Ordinal));
        var otherProfile = Run(
            "verify", "--corpus", Corpus, "--profile", "keras-2.1.6", "--results", Results, "--known-deviations", pyTorchList);
        var extra = Path.Combine(Results, "article-container_True_layer_True.json");
        File.WriteAllText(extra, File.ReadAllText(extra).Replace("\"refused\": false", "\"refused\": true"));
        var alsoOtherwise = Run(
            "verify", "--corpus", Corpus, "--results", Results, "--known-deviations",
            List(("article-container_True_layer_True", "Values:")));

        // Assert
        Assert.Equal(0, listed.Exit);
        Assert.EndsWith($"{Named} passed, 0 failed, 1 known deviations", listed.Output.TrimEnd());
        Assert.Contains("case-0001 (known deviation):", listed.Output);
        Assert.Contains("the framework's bug", listed.Output);
        Assert.Equal(1, otherwise.Exit);
        Assert.Contains("failing with 'Values:', but fails otherwise", otherwise.Output);
        Assert.Equal(1, stale.Exit);
        Assert.Contains("article-container_True_layer_True:", stale.Output);
        Assert.Contains("but passes: remove it from the list", stale.Output);
        Assert.Equal(1, unlisted.Exit);
        Assert.EndsWith($"{Named} passed, 1 failed", unlisted.Output.TrimEnd());
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("format is not 'trainable-spec/deviations/1'", malformed.Error);
        Assert.Equal(1, unknownCase.Exit);
        Assert.Contains("case-9999:", unknownCase.Output);
        Assert.Contains("but the corpus has no such case: remove it from the list", unknownCase.Output);
        Assert.Equal(2, emptyFailure.Exit);
        Assert.Contains("case 'case-0001' needs the failure it shows and the reason, both non-empty", emptyFailure.Error);
        Assert.Equal(2, otherProfile.Exit);
        Assert.Contains("the list is for profile pytorch, not keras-2.1.6", otherProfile.Error);
        Assert.Equal(1, alsoOtherwise.Exit);
        Assert.Contains("failing with 'Values:', but fails otherwise", alsoOtherwise.Output);
    }

    [Fact]
    public void Verify_with_one_job_or_many_gives_the_same_report_and_refuses_a_count_out_of_range()
    {
        Export(cases: 4);

        var one = Run("verify", "--corpus", Corpus, "--command", "exit 3", "--jobs", "1");
        var many = Run("verify", "--corpus", Corpus, "--command", "exit 3", "--jobs", "4");
        var none = Run("verify", "--corpus", Corpus, "--command", "exit 3", "--jobs", "0");
        var tooMany = Run("verify", "--corpus", Corpus, "--command", "exit 3", "--jobs", "513");

        Assert.Equal(one.Output, many.Output);
        Assert.EndsWith($"0 passed, {Named + 4} failed", many.Output.TrimEnd());
        Assert.Equal(2, none.Exit);
        Assert.Contains("--jobs must be from 1 to 512, but was 0.", none.Error);
        Assert.Equal(2, tooMany.Exit);
    }

    [Fact]
    public void Verify_without_a_corpus_or_with_both_sources_says_what_is_missing()
    {
        var empty = Run("verify", "--corpus", Corpus, "--results", Results);
        Export(cases: 1);
        var both = Run("verify", "--corpus", Corpus, "--results", Results, "--command", "cat");

        Assert.Equal(2, empty.Exit);
        Assert.Contains("No cases found", empty.Error);
        Assert.Equal(2, both.Exit);
        Assert.Contains("exactly one of --results DIR or --command CMD", both.Error);
    }

    [Fact]
    public void Run_case_turns_a_case_on_standard_input_into_a_result_and_rejects_garbage()
    {
        Export(cases: 1);
        using var input = new StringReader(File.ReadAllText(Path.Combine(Corpus, "cases", "case-0001.json")));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = CommandLine.Run(["run-case"], input, output, error);
        var garbage = CommandLine.Run(["run-case"], new StringReader("{}"), TextWriter.Null, error);

        Assert.Equal(0, exit);
        Assert.Contains("\"format\": \"trainable-spec/result/2\"", output.ToString());
        Assert.Equal(2, garbage);
        Assert.Contains("(standard input):", error.ToString());
    }

    private sealed class OrRule : TrainabilityRule
    {
        public override FitTiming Timing => FitTiming.CollectedAtCompile;

        public override bool WarnsWhenStale => true;

        public override FitRefusal Refusal => Keras216.Refusal;

        public override bool RefusesEmptyCompile => Keras216.RefusesEmptyCompile;

        public override bool WarnsByCount => Keras216.WarnsByCount;

        public override bool KeepsOptimizerStateByPosition => Keras216.KeepsOptimizerStateByPosition;

        public override bool OffersVariableFlags => Keras216.OffersVariableFlags;

        // As the default was before each rule stated it: an optimizer's state outlives a compile.
        public override bool KeepsOptimizerStateAcrossCompiles => true;

        public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => [.. Walk(layer, false).Distinct()];

        private static IEnumerable<Weight> Walk(Layer layer, bool anyTrue) => layer switch
        {
            Container c => c.Layers.SelectMany(l => Walk(l, anyTrue || c.Trainable)),
            _ => anyTrue || layer.Trainable ? layer.Weights : [],
        };
    }
}
