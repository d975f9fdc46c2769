namespace TrainableSpec.Engine;

/// <summary>How a <see cref="BatchNormalization"/> layer runs in one fit, as its framework's rule decides.</summary>
public enum BatchNormMode
{
    /// <summary>Normalises with the batch's statistics and moves the moving mean and variance toward them.</summary>
    Training,

    /// <summary>Normalises with the batch's statistics but leaves the moving statistics alone (Keras 2 with the layer frozen).</summary>
    TrainingWithoutUpdates,

    /// <summary>
    /// Normalises with the moving statistics and leaves them alone (tf.keras 2 and Keras 3 with the layer frozen;
    /// prediction).
    /// </summary>
    Inference,
}
