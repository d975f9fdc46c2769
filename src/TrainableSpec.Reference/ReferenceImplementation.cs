using System.Collections.Immutable;
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
        var observations = ImmutableArray.CreateBuilder<Observation>(scenario.Script.Length);
        var data = new Lazy<(float[][] X, float[][] Y)>(() => (scenario.Data.XArrays(), scenario.Data.YArrays()));
        foreach (var step in scenario.Script)
        {
            observations.Add(Execute(built, step, data));
        }

        return new ScenarioRun(initial, observations.MoveToImmutable());
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

    // The data's arrays are made once per run: the engine only reads them.
    private static Observation Execute(BuiltModel built, ScriptStep step, Lazy<(float[][] X, float[][] Y)> data)
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
                    collected = [.. built.Model.CollectedTrainableWeights.Select(w => w.Name)];
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
                    built.Model.Fit(data.Value.X, data.Value.Y, epochs: 1, batchSize: data.Value.X.Length);
                }
                catch (Exception e) when (e is NothingTrainableException or OptimizerStateShapeException)
                {
                    refused = true;
                }

                // Read after a refused fit too: TensorFlow.js warns before it steps.
                warning = built.Model.LastFitWarnings.Select(w => new StaleWarning([.. w.NowTrainable], [.. w.NowFrozen])).FirstOrDefault();

                break;
        }

        return new Observation(
            built.Flags(),
            collected,
            warning,
            built.Weights(),
            refused);
    }
}
