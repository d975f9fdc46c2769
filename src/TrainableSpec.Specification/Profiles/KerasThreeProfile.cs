using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// Keras 3. Assigning a flag writes it on the node, on every node below it, and on each of their variables
/// (keras/src/layers/layer.py, <c>Layer.trainable</c> setter). The model's <c>trainable_weights</c> is empty when
/// the model's own flag is false and otherwise every weight whose variable flag is true (the same file,
/// <c>Layer.trainable_weights</c>: <c>[v for v in self.weights if v.trainable]</c>), so the containers in between
/// are not consulted: freezing a container and then unfreezing a layer inside it trains that layer. Each fit reads
/// the current flags (keras/src/trainers/trainer.py, <c>trainable_variables</c>; keras-team/keras#22104 made the JAX
/// trainer take them once at the start of each fit). A warning for flags changed after compile exists in 3.15 but
/// cannot be reached, being called after a <c>raise</c>; so none is expected. Keras 3's behaviour here is moving:
/// keras-team/keras#22787 (merged 2026) makes the TensorFlow trainer respect the flags of compile time, which this
/// profile, pinned to the reading above, does not yet follow. A batch
/// normalization uses the batch's statistics and moves its own only <c>if training and self.trainable</c>
/// (keras/src/layers/normalization/batch_normalization.py, <c>call</c>), its flag as it is at the fit.
/// </summary>
internal sealed class KerasThreeProfile : FrameworkProfile
{
    /// <inheritdoc />
    public override string Name => "keras-3";

    /// <inheritdoc />
    public override string Rule => "setter writes every sublayer and variable; model flag AND variable flag; fit reads the current flags";

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    /// <inheritdoc />
    public override string Operations => "node.trainable = v; variable.trainable = v; model.compile(...); model.fit(...)";

    /// <inheritdoc />
    public override ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        var tree = scenario.Tree;
        var flags = AllTrue(tree);
        var variables = AllWeightsTrue(tree);
        var compiled = false;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    foreach (var node in SelfAndBelow(tree, set.Node))
                    {
                        flags = flags.SetItem(node, set.Value);
                        variables = OwnWeights(tree, node).Aggregate(variables, (v, w) => v.SetItem(w, set.Value));
                    }

                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case SetVariableTrainable variable:
                    variables = variables.SetItem(variable.Weight, variable.Value);
                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case Compile:
                    compiled = true;
                    predictions.Add(new Prediction(flags, Trainable(tree, flags, variables), null, []));
                    break;
                case Fit:
                    var statistics = tree.StatisticNames(tree.BatchNorms.Select(bn => bn.Name).Where(bn => flags[bn]));
                    predictions.Add(new Prediction(
                        flags, null, null, compiled ? Trainable(tree, flags, variables).Union(statistics) : throw FitBeforeCompile()));
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }

    private static ImmutableSortedSet<string> Trainable(
        TreeDescription tree, ImmutableSortedDictionary<string, bool> flags, ImmutableSortedDictionary<string, bool> variables) =>
        flags[tree.Root] ? [.. variables.Where(v => v.Value).Select(v => v.Key)] : [];
}
