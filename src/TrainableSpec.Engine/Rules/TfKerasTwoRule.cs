namespace TrainableSpec.Engine.Rules;

/// <summary>
/// tf.keras (TensorFlow 2.x). The setter writes every sublayer's flag (tensorflow/python/keras/engine/base_layer.py,
/// <c>Layer.trainable</c> setter: <c>for layer in self._flatten_layers(): layer._trainable = value</c>);
/// <c>trainable_weights</c> gathers children only when the layer is trainable (the same file,
/// <c>Layer.trainable_weights</c>), so the AND along a path, de-duplicated. <c>Model.compile</c> records every
/// layer's flag and <c>fit</c> runs inside <c>RespectCompiledTrainableState</c>
/// (tensorflow/python/keras/engine/training_utils.py), which sets the recorded flags and puts the current ones back.
/// No warning exists.
/// </summary>
internal sealed class TfKerasTwoRule : TrainabilityRule
{
    public override string Name => "tf-keras-2";

    /// <inheritdoc />
    public override FitTiming Timing => FitTiming.FlagsRestoredFromCompile;

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
    public override bool OffersVariableFlags => false;

    public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => KerasTwoRule.AndAlongThePath(layer);

    /// <summary>
    /// A frozen batch normalization runs in inference mode (keras/layers/normalization/batch_normalization.py,
    /// <c>_get_training_value</c>: <c>if not self.trainable: training = False</c>).
    /// </summary>
    public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) =>
        layer.Trainable ? BatchNormMode.Training : BatchNormMode.Inference;

    public override void Assign(Layer layer, bool value)
    {
        foreach (var below in layer.SelfAndBelow())
        {
            below.OwnTrainable = value;
        }
    }
}
