namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// The optimizers a <see cref="Compile"/> step may choose. Consecutive compiles with the same optimizer and rate
/// reuse one optimizer object, as passing the same object to <c>compile</c> does, so its state (velocities,
/// moments) outlives a recompile.
/// </summary>
public enum KerasOptimizer
{
    /// <summary><c>SGD(lr)</c>.</summary>
    Sgd,

    /// <summary><c>SGD(lr, momentum=0.9)</c>.</summary>
    Momentum,

    /// <summary><c>SGD(lr, momentum=0.9, nesterov=True)</c>.</summary>
    Nesterov,

    /// <summary><c>Adam(lr)</c>.</summary>
    Adam,

    /// <summary><c>AdamW(lr, weight_decay=0.004)</c>, Keras 3's default decay.</summary>
    AdamW,
}
