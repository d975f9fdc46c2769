namespace TrainableSpec.Engine;

/// <summary>When the flags take effect: which weights a fit's optimizer steps update.</summary>
public enum FitTiming
{
    /// <summary>Those the last compile collected (Keras 2).</summary>
    CollectedAtCompile,

    /// <summary>
    /// Those the last compile collected, the fit running with the flags recorded then and putting the current ones
    /// back after (tf.keras 2).
    /// </summary>
    FlagsRestoredFromCompile,

    /// <summary>Those the last compile collected whose variable flag is still true (TensorFlow.js).</summary>
    CollectedLessFrozenVariables,

    /// <summary>Those the flags make trainable at the fit (Keras 3, PyTorch).</summary>
    CurrentFlags,
}
