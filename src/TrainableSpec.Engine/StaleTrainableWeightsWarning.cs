namespace TrainableSpec.Engine;

/// <summary>
/// The trainable weights as the flags now say differ from those collected at the last compile, so training
/// uses the compiled ones. Keras 2.1.6 compares only the two counts (and misses a swap of equal size); this
/// names each weight, except under a rule that warns by count as TensorFlow.js does
/// (<see cref="TrainabilityRule.WarnsByCount"/>), where both lists are empty.
/// </summary>
/// <param name="NowTrainable">Weights the flags now make trainable that the compiled list lacks.</param>
/// <param name="NowFrozen">Weights in the compiled list that the flags now freeze.</param>
public sealed record StaleTrainableWeightsWarning(IReadOnlyList<string> NowTrainable, IReadOnlyList<string> NowFrozen)
{
    /// <inheritdoc />
    public override string ToString() =>
        NowTrainable.Count + NowFrozen.Count == 0
            ? "Discrepancy between trainableweights and collected trainable weights. "
                + "Did you set `model.trainable` without calling `model.compile()` afterwards?"
            : "Discrepancy between trainable weights and collected trainable weights: "
                + $"trainable now but not compiled: [{string.Join(", ", NowTrainable)}]; "
                + $"compiled but frozen now: [{string.Join(", ", NowFrozen)}]. Call Compile again for the change to take effect.";
}
