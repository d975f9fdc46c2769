namespace TrainableSpec.Samples.NaiveEngine;

/// <summary>
/// A mistake a hand-written engine makes, one at a time, so that the specification can be seen to catch each:
/// every one of them passed an earlier version of the suite.
/// </summary>
public enum Mistake
{
    /// <summary>No mistake: the engine is right.</summary>
    None,

    /// <summary>Honours only each layer's own flag; container and model flags are ignored.</summary>
    IgnoresContainerFlags,

    /// <summary>Honours the flags of the model and its direct containers only; containers nested two or more deep are ignored.</summary>
    IgnoresContainerFlagsBelowDepthOne,

    /// <summary>Steps a weight once for every place its layer is used, so a shared weight moves twice as far.</summary>
    StepsOncePerUse,

    /// <summary>Never updates a bias.</summary>
    NeverUpdatesBiases,

    /// <summary>Decays every weight, frozen or not, by an L2 term: w ← w − lr·1e-4·w at each fit.</summary>
    DecaysEveryWeight,

    /// <summary>Moves frozen weights too, at a millionth of the rate.</summary>
    MovesFrozenWeightsAtATinyRate,

    /// <summary>Takes a shared weight's gradient from its last use only.</summary>
    TakesASharedGradientFromOneUse,

    /// <summary>Leaves a frozen layer's bias trainable: a layer's own false flag freezes its kernel only.</summary>
    LeavesAFrozenLayersBiasTrainable,

    /// <summary>
    /// Puts the scenario's initial weights back at every compile, as an engine that rebuilds its model from the saved
    /// weights at each compile would; every fit is right, from those weights.
    /// </summary>
    RestoresTheInitialWeightsAtEachCompile,

    /// <summary>
    /// Fits in batches of 32 samples (Keras' default <c>batch_size</c>), one step per batch, where a fit is one step over
    /// all of its samples; the same as one batch whenever there are at most 32.
    /// </summary>
    FitsInBatchesOf32,
}
