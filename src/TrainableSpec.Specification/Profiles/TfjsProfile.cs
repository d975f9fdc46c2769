using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// TensorFlow.js 4.22 layers. A layer's setter writes its flag and its variables' flags
/// (tfjs-layers/src/engine/topology.ts, <c>Layer.set trainable</c>); a container's setter writes its flag and the
/// variable flags of its direct children's own weights — not the children's flags, not grandchildren
/// (tfjs-layers/src/engine/container.ts, <c>Container.set trainable</c>). <c>trainableWeights</c> concatenates,
/// through containers whose flag is true, the variables whose flag is true of layers whose flag is true (the same
/// files). <c>compile</c> keeps that list (<c>collectedTrainableWeights</c>, tfjs-layers/src/engine/training.ts);
/// every step hands it to <c>optimizer.minimize</c>, whose <c>variableGrads</c> drops the variables whose flag is
/// false now and throws when none is left (tfjs-core/src/gradients.ts). So freezing takes effect without a
/// recompile, unfreezing needs one, and a layer shared by two containers follows whichever was set last. A batch
/// normalization in a fit normalises with the batch's statistics and moves its own whatever the flags
/// (tfjs-layers/src/layers/normalization.ts, <c>BatchNormalization.call</c> reads only <c>training</c>).
/// </summary>
internal sealed class TfjsProfile : FrameworkProfile
{
    /// <inheritdoc />
    public override string Name => "tfjs-4.22";

    /// <inheritdoc />
    public override string Rule =>
        "container setter writes its children's variable flags only; AND of node and variable flags at compile; "
        + "frozen variables dropped at each step; fit throws when none is left";

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    /// <inheritdoc />
    public override string Operations => "node.trainable = v; layerVariable.trainable = v; model.compile(...); model.fit(...)";

    /// <inheritdoc />
    public override ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        var tree = scenario.Tree;
        var flags = AllTrue(tree);
        var variables = AllWeightsTrue(tree);
        ImmutableSortedSet<string>? collected = null;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    var written = tree[set.Node] is ContainerDescription c
                        ? c.Calls.SelectMany(call => OwnWeights(tree, call))
                        : OwnWeights(tree, set.Node);
                    variables = written.Aggregate(variables, (v, w) => v.SetItem(w, set.Value));
                    flags = flags.SetItem(set.Node, set.Value);
                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case SetVariableTrainable variable:
                    variables = variables.SetItem(variable.Weight, variable.Value);
                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case Compile:
                    collected = TrainabilityOracle.TrainableWeights(tree, flags)
                        .Where(w => variables[w])
                        .ToImmutableSortedSet(StringComparer.Ordinal);
                    predictions.Add(new Prediction(flags, collected, null, []));
                    break;
                case Fit:
                    var moving = (collected ?? throw FitBeforeCompile())
                        .Where(w => variables[w])
                        .ToImmutableSortedSet(StringComparer.Ordinal);
                    // The refusal comes before the forward pass, so a refused fit moves no statistics either.
                    var statistics = moving.IsEmpty ? [] : tree.StatisticNames(tree.BatchNorms.Select(bn => bn.Name));
                    predictions.Add(new Prediction(flags, null, null, moving.Union(statistics), Refused: moving.IsEmpty));
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }
}
