namespace TrainableSpec.Engine.Rules;

/// <summary>
/// Keras 3. The setter writes the layer's flag, each of its variables' flags, and recurses into its sublayers
/// (keras/src/layers/layer.py, <c>Layer.trainable</c> setter). <c>trainable_weights</c> is empty when the layer's
/// own flag is false and otherwise every weight below whose variable flag is true
/// (<c>[v for v in self.weights if v.trainable]</c>, the same file): the containers in between are not consulted.
/// The trainers read <c>trainable_variables</c> at each fit; no compile-time list is kept. The warning about
/// changes after compile (3.15) is unreachable: it follows a raise.
/// </summary>
internal sealed class KerasThreeRule : TrainabilityRule
{
    public override string Name => "keras-3";

    /// <inheritdoc />
    public override FitTiming Timing => FitTiming.CurrentFlags;

    /// <inheritdoc />
    public override FitRefusal Refusal => FitRefusal.Never;

    /// <inheritdoc />
    public override bool RefusesEmptyCompile => false;

    /// <inheritdoc />
    public override bool WarnsWhenStale => false;

    /// <inheritdoc />
    public override bool WarnsByCount => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateByPosition => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateAcrossCompiles => true;

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    public override IReadOnlyList<Weight> TrainableWeights(Layer layer) =>
        layer.Trainable ? [.. layer.Weights.Where(w => w.Trainable)] : [];

    /// <summary>
    /// Batch statistics only <c>if training and self.trainable</c> (keras/src/layers/normalization/batch_normalization.py,
    /// <c>call</c>); otherwise inference.
    /// </summary>
    public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) =>
        layer.Trainable ? BatchNormMode.Training : BatchNormMode.Inference;

    public override void Assign(Layer layer, bool value)
    {
        foreach (var below in layer.SelfAndBelow())
        {
            below.OwnTrainable = value;
            foreach (var weight in below.OwnVariables)
            {
                weight.VariableFlag = value;
            }
        }
    }
}
