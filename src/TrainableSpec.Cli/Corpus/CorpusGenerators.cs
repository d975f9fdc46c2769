using FsCheck;
using TrainableSpec.Specification.Corpus;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Cli.Corpus;

/// <summary>
/// Which of a profile's generators an export draws from, in turn: <c>rules</c> (nested and shared dense layers, SGD, the
/// flags and, where the framework has them, variables' flags), <c>optimizers</c> (train, freeze, recompile with the same
/// stateful optimizer — those the framework offers) and <c>batchnorm</c> (a batch normalization first).
/// </summary>
internal sealed record CorpusGenerators(bool Rules, bool Optimizers, bool BatchNorm)
{
    public static CorpusGenerators All { get; } = new(true, true, true);

    /// <summary>Parses a comma-separated list such as <c>rules,batchnorm</c>.</summary>
    /// <exception cref="FormatException">An unknown name, or none.</exception>
    public static CorpusGenerators Parse(string text)
    {
        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Except(["rules", "optimizers", "batchnorm"]).ToArray();
        return unknown.Length > 0 || names.Length == 0
            ? throw new FormatException(
                $"--generators '{text}': {(names.Length == 0 ? "names none" : $"'{unknown[0]}' is unknown")}; "
                + "give a comma-separated list of rules, optimizers and batchnorm.")
            : new(names.Contains("rules"), names.Contains("optimizers"), names.Contains("batchnorm"));
    }

    /// <summary>The generators for <paramref name="profile"/>, in the order the cases take them in turn.</summary>
    public Gen<Scenario>[] For(FrameworkProfile profile)
    {
        // PyTorch's modules have no flag of their own: the profile is the one whose batch normalization refuses one sample.
        var pyTorch = !profile.HasLayerFlags;
        var drawn = new List<Gen<Scenario>>();
        if (Rules)
        {
            drawn.Add(ScenarioGenerators.ScenariosWith(sharing: true, profile.OffersVariableFlags));
        }

        if (Optimizers)
        {
            drawn.Add(ScenarioGenerators.ScenariosWithStatefulOptimizersOf(OptimizersOf(profile)));
        }

        if (BatchNorm)
        {
            drawn.Add(ScenarioGenerators.ScenariosWithBatchNormOf(minimumSamples: pyTorch ? 2 : 1));
        }

        return [.. drawn];
    }

    /// <summary>
    /// Whether these generators draw what <paramref name="scenario"/> holds: a batch normalization, a stateful optimizer.
    /// </summary>
    public bool Cover(Scenario scenario) =>
        (BatchNorm || !scenario.Tree.BatchNorms.Any())
        && (Optimizers || scenario.Script.OfType<Compile>().All(c => c.Optimizer == KerasOptimizer.Sgd));

    /// <inheritdoc />
    public override string ToString() =>
        string.Join(
            ", ",
            new[] { (Rules, "rules"), (Optimizers, "optimizers"), (BatchNorm, "batchnorm") }.Where(g => g.Item1).Select(g => g.Item2));

    // The stateful ones the framework offers (CorpusJson.OptimizersOf: no AdamW in Keras 2 or TensorFlow.js 4.22).
    private static KerasOptimizer[] OptimizersOf(FrameworkProfile profile) =>
        [.. CorpusJson.OptimizersOf(profile).Where(o => o != KerasOptimizer.Sgd)];
}
