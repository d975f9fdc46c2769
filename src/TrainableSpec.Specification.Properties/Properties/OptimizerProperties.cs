using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// Optimizers with state under each profile. Keras-family optimizers (and TensorFlow.js's) update only the
/// variables of the step's list (keras/optimizers.py 2.1.6, <c>get_updates(loss, params)</c>; tf.keras
/// <c>apply_gradients</c> over <c>zip(grads, trainable_variables)</c>; keras/src/optimizers/base_optimizer.py,
/// <c>apply(grads, trainable_variables)</c>, whose weight decay also touches only those), however much state they
/// hold for the others.
/// </summary>
public static class OptimizerProperties
{
    /// <summary>Generated scenarios with momentum, Nesterov, Adam or AdamW, with the scenario shrinker.</summary>
    public static Arbitrary<Scenario> Scenarios { get; } =
        Arb.From(ScenarioGenerators.ScenariosWithStatefulOptimizers, ScenarioShrinker.Shrink);

    /// <summary>
    /// A weight the profile does not train at a fit is bit-identical across it — whatever the optimizer and
    /// whatever state the optimizer built for it while it was trainable — and every weight it trains moves.
    /// </summary>
    public static Property AWeightFrozenAtCompileIsBitIdenticalWhateverTheOptimizerAndItsState(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        Prop.ForAll(scenarios ?? Scenarios, scenario =>
        {
            var predictions = profile.Predict(scenario);
            var run = implementation.Run(scenario);
            var failure = ScenarioChecks.Moves(scenario, run, predictions);
            return Verdict.ToProperty(failure)
                .Classify(FrozenWithState(scenario, predictions), "a weight frozen after the optimizer built state for it")
                .Collect(((Compile)scenario.Script.First(s => s is Compile)).Optimizer);
        });

    /// <summary>
    /// At every fit, each weight the profile trains holds the step of the compile's optimizer computed with the state
    /// it built (velocity, moments, step count) in double precision by <see cref="UpdateOracle"/>.
    /// </summary>
    public static Property AWeightTheProfileTrainsMovesByTheOptimizersStepWithItsState(
        FrameworkProfile profile, ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        Prop.ForAll(scenarios ?? Scenarios, scenario =>
        {
            var predictions = profile.Predict(scenario);
            var run = implementation.Run(scenario);
            var failure = ScenarioChecks.ValuesUnder(profile)(scenario, run, predictions);
            return Verdict.ToProperty(failure)
                .Classify(FrozenWithState(scenario, predictions), "a weight frozen after the optimizer built state for it")
                .Collect(((Compile)scenario.Script.First(s => s is Compile)).Optimizer);
        });

    private static bool FrozenWithState(Scenario scenario, ImmutableArray<Prediction> predictions)
    {
        var trained = new HashSet<string>();
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            if (scenario.Script[i] is not Fit)
            {
                continue;
            }

            if (trained.Except(predictions[i].Moving).Any())
            {
                return true;
            }

            trained.UnionWith(predictions[i].Moving);
        }

        return false;
    }
}
