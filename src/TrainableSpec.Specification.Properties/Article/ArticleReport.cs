using System.Globalization;
using System.Text;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Article;

/// <summary>
/// The article's printouts for a run of its experiment, as plain text that people and diff tools read.
/// Weights are rounded to 4 decimals so that the text does not depend on the machine or on the last float32
/// digits of an implementation; whether a weight changed is decided bit-for-bit, before rounding.
/// </summary>
public static class ArticleReport
{
    /// <summary>One case: flags as read back, weights before and after, what changed, and the verdict.</summary>
    public static string Case(ArticleCase articleCase, ScenarioRun run)
    {
        var scenario = ArticleExperiment.ScenarioOf(articleCase);
        var final = run.Steps[^1];
        var expected = ScriptOracle.Predict(scenario)[^1].Moving;
        var changed = final.Weights.ChangedFrom(run.Initial);
        var text = new StringBuilder()
            .AppendLine(
                $"# Article case: shared_layer.trainable = {articleCase.ContainerTrainable}, "
                + $"dense_1.trainable = {articleCase.LayerTrainable}")
            .AppendLine(
                $"SGD(lr={ArticleExperiment.LearningRate}), mean squared error, one epoch on {scenario.Data.Count} samples, "
                + $"seed {ArticleExperiment.Seed}.")
            .AppendLine()
            .AppendLine($"shared_layer.trainable = {final.Flags["shared_layer"]}")
            .AppendLine()
            .AppendLine("--each layer.trainable in shared_layer--");
        foreach (var layer in new[] { "dense_1", "dense_2" })
        {
            text.AppendLine($"{layer} {final.Flags[layer]}");
        }

        AppendWeights(text.AppendLine().AppendLine("weights before fit (rounded to 4 decimals):"), run.Initial);
        AppendWeights(text.AppendLine().AppendLine("weights after fit (rounded to 4 decimals):"), final.Weights);
        text.AppendLine();
        foreach (var weight in ArticleExperiment.Tree.WeightNames)
        {
            var layer = weight.Split('/')[0];
            var rule = $"shared_layer AND {layer} = {articleCase.ContainerTrainable && final.Flags[layer]}";
            text.AppendLine($"{weight}: {Changed(changed.Contains(weight))} (the rule says {Changed(expected.Contains(weight))}: {rule})");
        }

        return text.AppendLine()
            .AppendLine($"verdict: {(changed.SetEquals(expected) ? "as the rule says" : "AGAINST THE RULE")}")
            .ToString();
    }

    /// <summary>
    /// The article's model with its container used twice: the weights before and after one fit and, beside them, the
    /// step the specification computes (<see cref="UpdateOracle"/>, every use of a weight summed, one step per fit).
    /// An engine that steps a weight once per use, or leaves a use out of its gradient, ends far from it.
    /// </summary>
    public static string ContainerUsedTwice(ScenarioRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scenario = ArticleExperiment.ScenarioWithContainerUsedTwice();
        var expected = UpdateOracle.Updates(scenario, run, ScriptOracle.Predict(scenario), keepsStateAcrossCompiles: false)
            .ToDictionary(u => u.Weight);
        var final = run.Steps[^1].Weights;
        var text = new StringBuilder()
            .AppendLine($"# The article's model with shared_layer used twice: {scenario.Tree}")
            .AppendLine(
                $"Every flag True; SGD(lr={ArticleExperiment.LearningRate}), mean squared error, "
                + $"one epoch on {scenario.Data.Count} samples, seed {ArticleExperiment.Seed}.")
            .AppendLine("Each weight is used twice per forward pass: its gradient sums both uses, and the fit steps it once.");
        AppendWeights(text.AppendLine().AppendLine("weights before fit (rounded to 4 decimals):"), run.Initial);
        AppendWeights(text.AppendLine().AppendLine("weights after fit (rounded to 4 decimals):"), final);
        AppendWeights(
            text.AppendLine().AppendLine("the step the specification computes, w − lr·∂L/∂w (rounded to 4 decimals):"),
            new WeightSet(expected.Select(e => KeyValuePair.Create(e.Key, e.Value.Values.Select(v => (float)v).ToArray()))));
        var off = expected.Values
            .Select(e => e.FirstMismatch(final[e.Weight]) is { } k ? $"{e.Weight}[{k}]" : null)
            .OfType<string>()
            .ToArray();
        return text.AppendLine()
            .AppendLine($"verdict: {(off.Length == 0
                ? "every weight took the specification's step"
                : $"NOT the specification's step at {string.Join(" ", off)}")}")
            .ToString();
    }

    /// <summary>The article's conclusion as observed: ○ where dense_1's weights changed, × where they did not.</summary>
    public static string Summary(IEnumerable<(ArticleCase Case, ScenarioRun Run)> results)
    {
        var updated = results.ToDictionary(
            r => (r.Case.ContainerTrainable, r.Case.LayerTrainable),
            r => !r.Run.Steps[^1].Weights.BitIdentical(r.Run.Initial, "dense_1/kernel"));
        string Cell(bool container, bool layer) => updated.TryGetValue((container, layer), out var u) ? (u ? "○" : "×") : "?";
        return new StringBuilder()
            .AppendLine("# Is dense_1 updated? (the article's conclusion: only when both flags are True — a logical AND)")
            .AppendLine()
            .AppendLine("shared_layer.trainable \\ dense_1.trainable | True | False")
            .AppendLine("-------------------------------------------|------|------")
            .AppendLine($"True                                       |  {Cell(true, true)}   |  {Cell(true, false)}")
            .AppendLine($"False                                      |  {Cell(false, true)}   |  {Cell(false, false)}")
            .ToString();
    }

    private static void AppendWeights(StringBuilder text, WeightSet weights)
    {
        foreach (var name in ArticleExperiment.Tree.WeightNames)
        {
            var values = weights[name];
            text.AppendLine(name);
            for (var row = 0; row < 3; row++)
            {
                text.AppendLine("  [" + string.Join(" ", Enumerable.Range(0, 3).Select(c => Rounded(values[(row * 3) + c]))) + "]");
            }
        }
    }

    /// <summary>Four decimals, invariant culture, with no "-0.0000".</summary>
    public static string Rounded(float value)
    {
        var rounded = Math.Round((double)value, 4, MidpointRounding.AwayFromZero);
        return (rounded == 0 ? 0.0 : rounded).ToString("+0.0000;-0.0000", CultureInfo.InvariantCulture);
    }

    private static string Changed(bool changed) => changed ? "changed" : "unchanged";
}
