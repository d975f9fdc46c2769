namespace TrainableSpec.Engine.Rules;

/// <summary>
/// TensorFlow.js 4.22 layers. A layer's setter writes its own variables' flags and its flag
/// (tfjs-layers/src/engine/topology.ts, <c>Layer.set trainable</c>); a container's setter writes the variable
/// flags of its direct children's own weights and its flag, and nothing deeper (tfjs-layers/src/engine/container.ts,
/// <c>Container.set trainable</c>). <c>trainableWeights</c> is empty for a layer whose flag is false, else its
/// variables whose flag is true, concatenated through trainable containers (the same files). <c>compile</c> keeps
/// that list as <c>collectedTrainableWeights</c> (tfjs-layers/src/engine/training.ts); each step passes it to
/// <c>optimizer.minimize</c>, whose <c>variableGrads</c> gives the variables whose flag is now false a null gradient
/// and throws when none is left (tfjs-core/src/gradients.ts). A container concatenates its layers' lists
/// (<c>Container.trainableWeights</c>), so a layer held by two containers is listed twice, and the optimizer applies
/// every entry of the list (tfjs-core/src/optimizers/optimizer.ts, <c>minimize</c>: <c>varList.map(...)</c>): such a
/// weight takes two steps from the one gradient, with the state of each position (<c>this.accumulations[i]</c>).
/// A fit warns when the number of trainable weights differs from the number collected
/// (<c>checkTrainableWeightsConsistency</c>), naming none.
/// </summary>
internal sealed class TfjsRule : TrainabilityRule
{
    public override string Name => "tfjs-4.22";

    /// <inheritdoc />
    public override FitTiming Timing => FitTiming.CollectedLessFrozenVariables;

    /// <inheritdoc />
    public override FitRefusal Refusal => FitRefusal.BeforeForwardPass;

    /// <inheritdoc />
    public override bool RefusesEmptyCompile => false;

    /// <inheritdoc />
    public override bool WarnsWhenStale => false;

    /// <inheritdoc />
    public override bool WarnsByCount => true;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateByPosition => true;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateAcrossCompiles => true;

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    public override IReadOnlyList<Weight> TrainableWeights(Layer layer) =>
        [.. KerasTwoRule.AndAlongThePathPerContainer(layer).Where(w => w.Trainable)];

    /// <summary>
    /// In training, batch statistics and moving-average updates whatever the flags (tfjs-layers/src/layers/normalization.ts,
    /// <c>BatchNormalization.call</c> reads only <c>kwargs.training</c>).
    /// </summary>
    public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) => BatchNormMode.Training;

    public override void Assign(Layer layer, bool value)
    {
        if (layer is Container container)
        {
            foreach (var child in container.LayerArray)
            {
                WriteVariableFlags(child, value);
            }
        }
        else
        {
            WriteVariableFlags(layer, value);
        }

        layer.OwnTrainable = value;
    }

    private static void WriteVariableFlags(Layer layer, bool value)
    {
        foreach (var weight in layer.OwnVariables)
        {
            weight.VariableFlag = value;
        }
    }
}
