using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Reference;

/// <summary>
/// The reference engine behind the specification's contract: each scenario is built as engine objects
/// (<see cref="Dense"/>, <see cref="Container"/>, <see cref="Model"/>) and its script is run step by step.
/// </summary>
/// <param name="rule">
/// The framework's rule (<see cref="TrainabilityRule.Profiles"/>); Keras 2.1.6 unless a profile (or a deliberately wrong engine)
/// says otherwise.
/// </param>
/// <param name="name">The name in reports.</param>
/// <param name="torchOptimizers">
/// Whether the script's Adam and AdamW are torch's (<see cref="TorchAdam"/>: steps counted per weight, ε after the bias
/// correction) instead of Keras' (<see cref="Adam"/>); SGD's formulas coincide in both for a constant rate.
/// </param>
public sealed class ReferenceImplementation(TrainabilityRule? rule = null, string name = "reference", bool torchOptimizers = false)
    : ITrainableImplementation
{
    private readonly TrainabilityRule _rule = rule ?? TrainabilityRule.Keras216;

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public ScenarioRun Run(Scenario scenario)
    {
        scenario.Validated();
        var built = BuiltModel.Create(scenario.Tree, scenario.InitialWeights, _rule, torchOptimizers, weightsChecked: true);
        var initial = built.Weights();
        var script = scenario.Script;
        var observations = new Observation[script.Length];
        float[][]? x = null;
        float[][]? y = null;
        for (var i = 0; i < observations.Length; i++)
        {
            observations[i] = Execute(built, script[i], scenario.Data, ref x, ref y);
        }

        return new ScenarioRun(initial, ImmutableCollectionsMarshal.AsImmutableArray(observations));
    }

    /// <inheritdoc />
    public GradientReport Gradients(GradientProbe probe)
    {
        var built = BuiltModel.Create(probe.Tree, probe.Weights, _rule);
        foreach (var (node, value) in probe.Flags)
        {
            built[node].Trainable = value;
        }

        built.Model.Compile(new Sgd(1f), MeanSquaredError.Instance);
        var (x, y) = (probe.Data.XArrays(), probe.Data.YArrays());
        var gradients = built.Model.Gradients(x, y);
        return new GradientReport(
            built.Model.Evaluate(x, y), new WeightSet(gradients.Select(g => KeyValuePair.Create(g.Key.Name, g.Value))));
    }

    // The data's arrays are made once per run, at its first fit: the engine only reads them.
    private static Observation Execute(BuiltModel built, ScriptStep step, TrainingData data, ref float[][]? x, ref float[][]? y)
    {
        ImmutableArray<string> collected = [];
        StaleWarning? warning = null;
        var refused = false;
        switch (step)
        {
            case SetTrainable set:
                built[set.Node].Trainable = set.Value;
                break;
            case SetVariableTrainable variable:
                built.WeightNamed(variable.Weight).Trainable = variable.Value;
                break;
            case Compile compile:
                try
                {
                    built.Model.Compile(built.OptimizerFor(compile), MeanSquaredError.Instance);
                    collected = built.NamesOf(built.Model.CollectedTrainableWeights);
                }
                catch (NothingTrainableException)
                {
                    // The rule's optimizer refuses an empty list: nothing collected, the last compile stays.
                    refused = true;
                }

                break;
            case Fit:
                try
                {
                    x ??= Rows(data.X);
                    y ??= Rows(data.Y);
                    built.Model.Fit(x, y, epochs: 1, batchSize: x.Length);
                }
                catch (Exception e) when (e is NothingTrainableException or OptimizerStateShapeException)
                {
                    refused = true;
                }

                // Read after a refused fit too: TensorFlow.js warns before it steps.
                warning = Warning(built.Model.LastFitWarnings);

                break;
        }

        return Observation.ByNodePosition(built.Tree, built.Flags(), collected, warning, built.Weights(), refused);
    }

    // The samples' own arrays, not copies: the engine only reads a fit's data (it copies each batch into its buffers).
    private static float[][] Rows(ImmutableArray<ImmutableArray<float>> samples)
    {
        var rows = new float[samples.Length][];
        for (var s = 0; s < rows.Length; s++)
        {
            rows[s] = ImmutableCollectionsMarshal.AsArray(samples[s])!;
        }

        return rows;
    }

    // The first warning, if any; one that names no weight is the specification's own by-count warning.
    private static StaleWarning? Warning(IReadOnlyList<StaleTrainableWeightsWarning> warnings) =>
        warnings.Count == 0 ? null
        : warnings[0] is { NowTrainable.Count: 0, NowFrozen.Count: 0 } ? StaleWarning.ByCount
        : new StaleWarning(Set(warnings[0].NowTrainable), Set(warnings[0].NowFrozen));

    // The usual zero or one name without a builder.
    private static ImmutableSortedSet<string> Set(IReadOnlyList<string> names) => names.Count switch
    {
        0 => [],
        1 => ImmutableSortedSet.Create(names[0]),
        _ => [.. names],
    };
}
