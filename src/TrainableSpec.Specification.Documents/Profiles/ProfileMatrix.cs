using System.Collections.Immutable;
using System.Text;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// The profiles side by side, as Markdown: the article's four cases, the scenarios where frameworks differ, what a
/// flag reads back after its container is frozen, and for every pair of profiles the smallest generated script on
/// which they train differently and the classes of scripts on which they agree. Everything is computed from the
/// profiles' oracles; the reference engine is held to each cell by its own tests.
/// </summary>
public static class ProfileMatrix
{
    /// <summary>The whole matrix as Markdown, with <paramref name="settings"/> for the pairwise search.</summary>
    public static string Render(CheckSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine("### The profiles").AppendLine();
        Table(
            text,
            ["profile", "the rule", "the script's operations"],
            FrameworkProfiles.All.Select(p => new[] { $"`{p.Name}`", p.Rule, $"`{p.Operations}`" }));
        text.AppendLine().AppendLine("### The article's four cases: which kernels one fit moves").AppendLine();
        text.AppendLine("Script: `dense_1.trainable = L; shared_layer.trainable = C; compile; fit` (the layer first, as the article).")
            .AppendLine();
        Table(
            text,
            ["shared_layer (C)", "dense_1 (L)", .. FrameworkProfiles.All.Select(p => $"`{p.Name}`")],
            ArticleExperiment.Cases.Select(c => (string[])
            [
                $"{c.ContainerTrainable}",
                $"{c.LayerTrainable}",
                .. FrameworkProfiles.All.Select(p => MovedIn(p, p.Predict(ArticleExperiment.ScenarioOf(c)))),
            ]));
        text.AppendLine().AppendLine("### Where the profiles differ: what the last fit trains").AppendLine();
        Table(
            text,
            ["scenario", "tree", "script", .. FrameworkProfiles.All.Select(p => $"`{p.Name}`")],
            MatrixScenarios.All.Select(s => (string[])
            [
                s.Name,
                $"`{s.Scenario.Tree}`",
                $"`{s.Script}`",
                .. FrameworkProfiles.All.Select(p => Cell(p, s.Scenario)),
            ]));
        text.AppendLine().AppendLine("\"warns\": the fit warns that the flags changed since the compile, naming the weights "
            + "(Keras 2); \"warns by count\": that the number of trainable weights changed, naming none (TensorFlow.js; "
            + "silent when the number is the same). \"d1×2\": d1 took two steps from the one gradient (TensorFlow.js lists "
            + "a layer once per container that holds it and steps each entry of the list). \"d2 on d1's state\": the "
            + "optimizer keeps its state by position in the list, so after the recompile d2 steps with what it built for d1. "
            + "\"compile refused\": the optimizer refused an empty parameter list, and with no optimizer built the fit is "
            + "refused before the forward pass (`pytorch-filtered` only). "
            + "\"bn1 stats\": the moving mean and variance moved. "
            + "A fit normalises with the batch's statistics in Keras 2 (frozen or not), TensorFlow.js and PyTorch (train mode); "
            + "tf.keras 2 and Keras 3 run a frozen batch normalization in inference mode, with the moving statistics.").AppendLine();
        text.AppendLine(ObservedOnRealFrameworks).AppendLine();
        text.AppendLine("### What `d1.trainable` reads after `c.trainable = False` on `model[c[d1]]`").AppendLine();
        var readBack = MatrixScenario.Of("read back", "model[c[d1]]", Set("c", false)).Scenario;
        Table(
            text,
            [.. FrameworkProfiles.All.Select(p => $"`{p.Name}`")],
            [[.. FrameworkProfiles.All.Select(p => p.HasLayerFlags
                ? $"{p.Predict(readBack)[0].Flags["d1"]}"
                : "(no module flag; every parameter below requires grad: False)")]]);
        text.AppendLine()
            .AppendLine("### Pairs: the smallest script on which two profiles train differently, and where they agree")
            .AppendLine();
        text.AppendLine($"Generated scripts ({settings.MaxTest ?? CasesPerSearch} per search, "
            + $"seed {settings.Seed},{settings.Gamma}), shrunk. The classes: "
            + string.Join("; ", ScriptClass.All.Select(c => $"*{c.Name}*: {c.Description}"))
            + "; each with something left to train.").AppendLine();
        Table(
            text,
            ["pair", "smallest disagreement", "agree on"],
            ProfileComparison.Pairs.Select(pair => PairRow(pair.First, pair.Second, settings)));
        return text.ToString();
    }

    /// <summary>
    /// The generated scripts each search of the pairs table runs (each pair of profiles, then for a pair that disagrees
    /// each script class). The table documents where profiles differ; it is not one of the suites' properties, whose
    /// counts (<see cref="ProfileProperties.Cases"/>) went up with the engine's speed, and tests render it on every run.
    /// </summary>
    public const int CasesPerSearch = 500;

    /// <summary>
    /// The line under the tables that says which columns were reproduced on the real frameworks: every named case of those
    /// profiles' corpora passes in the committed reports CI regenerates (<c>snapshots/real-frameworks/*.verify.txt</c>).
    /// </summary>
    public const string ObservedOnRealFrameworks =
        "Observed, not only predicted: every `tfjs-4.22`, `pytorch` and `pytorch-filtered` cell of the two tables above was "
        + "reproduced on the real framework (TensorFlow.js 4.22.0, PyTorch 1.13.1) by CI, each row being a named case of that "
        + "profile's corpus that passes in `snapshots/real-frameworks/<profile>.verify.txt`.";

    private static string[] PairRow(FrameworkProfile first, FrameworkProfile second, CheckSettings settings)
    {
        var name = $"`{first.Name}` / `{second.Name}`";
        var report = PropertyCheck.Run(name, ProfileComparison.TwoProfilesTrainAlike(first, second), CasesPerSearch, settings);
        if (report.Passed)
        {
            return [name, $"none in {report.Tests} generated scripts", "all generated scripts"];
        }

        var scenario = (Scenario)report.Shrunk[0];
        var disagreement =
            $"`{scenario.Tree}`: `{string.Join("; ", scenario.Script)}` — {ProfileComparison.Disagreement(first, second, scenario)}";
        var agreeing = ScriptClass.All
            .Where(c => PropertyCheck.Run(
                $"{name} on {c.Name}",
                ProfileComparison.TwoProfilesTrainAlike(first, second, ProfileComparison.ScenariosOf(c)),
                CasesPerSearch,
                settings).Passed)
            .Select(c => c.Name)
            .ToArray();
        return [name, disagreement, agreeing.Length == 0 ? "none of the classes" : string.Join(", ", agreeing)];
    }

    private static string Cell(FrameworkProfile profile, Scenario scenario)
    {
        if (!profile.Offers(scenario))
        {
            return "(no such operation)";
        }

        var predictions = profile.Predict(scenario);
        var warning = predictions[^1].Warning switch
        {
            null => "",
            { NamesWeights: true } => " (warns)",
            _ => " (warns by count)",
        };
        return MovedIn(profile, predictions) + InheritedState(profile, scenario, predictions) + warning;
    }

    // What the last fit moves; where the profile steps each entry of the list, a weight listed twice shows its two steps.
    private static string MovedIn(FrameworkProfile profile, ImmutableArray<Oracles.Prediction> predictions) =>
        Moved(
            predictions,
            profile.KeepsOptimizerStateByPosition ? predictions.Last(p => p.CollectedList is not null).CollectedList!.Value : []);

    // Under state by position, the weights the last fit steps with state their position was made for another weight.
    private static string InheritedState(FrameworkProfile profile, Scenario scenario, ImmutableArray<Oracles.Prediction> predictions)
    {
        if (!profile.KeepsOptimizerStateByPosition)
        {
            return "";
        }

        var (origins, optimizer, list) = (new List<string>(), (Compile?)null, ImmutableArray<string>.Empty);
        for (var i = 0; i < predictions.Length; i++)
        {
            if (scenario.Script[i] is Compile compile)
            {
                (origins, optimizer, list) = (compile == optimizer ? origins : [], compile, predictions[i].CollectedList!.Value);
            }
            else if (scenario.Script[i] is Fit && !predictions[i].Moving.IsEmpty)
            {
                var reached = predictions[i].ThrowsAtPosition ?? list.Length;
                origins.AddRange(list.Skip(origins.Count).Take(Math.Max(0, reached - origins.Count)));
            }
        }

        var inherited = optimizer!.Optimizer == KerasOptimizer.Sgd
            ? []
            : list.Select((w, p) => (Weight: w, Origin: origins[p]))
                .Where(e => e.Weight != e.Origin && predictions[^1].Moving.Contains(e.Weight))
                .Select(e => $"{e.Weight.Split('/')[0]} on {e.Origin.Split('/')[0]}'s state").Distinct().ToArray();
        return inherited.Length == 0 ? "" : $" ({string.Join(", ", inherited)})";
    }

    // What the last step, a fit, moved; and whether a compile before it was refused.
    private static string Moved(ImmutableArray<Oracles.Prediction> predictions, ImmutableArray<string> list)
    {
        var fit = predictions[^1];
        var moved = fit.Moving.Select(w => w.Split('/') switch
        {
            [var layer, "moving_mean" or "moving_variance"] => $"{layer} stats",
            [var layer, "beta"] => $"{layer} beta",
            [var layer, _] => list.Count(e => e == w) is > 1 and var n ? $"{layer}×{n}" : layer,
            _ => w,
        }).Distinct().Order(StringComparer.Ordinal).ToArray();
        var what = moved.Length == 0 ? "nothing" : string.Join(" ", moved);
        var refusedCompile = predictions.Any(p => p.Refused && p.Collected is not null) ? " (compile refused)" : "";
        return (fit.Refused ? moved.Length == 0 ? "refuses" : $"refuses after moving {what}" : what) + refusedCompile;
    }

    private static SetTrainable Set(string node, bool value) => new(node, value);

    private static void Table(StringBuilder text, string[] header, IEnumerable<string[]> rows)
    {
        text.AppendLine($"| {string.Join(" | ", header)} |");
        text.AppendLine($"|{string.Concat(header.Select(_ => "---|"))}");
        foreach (var row in rows)
        {
            text.AppendLine($"| {string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))} |");
        }
    }
}
