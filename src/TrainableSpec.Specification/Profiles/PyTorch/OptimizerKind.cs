namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>The optimizers of the PyTorch profile.</summary>
public enum OptimizerKind
{
    /// <summary><c>SGD(lr)</c>.</summary>
    Sgd,

    /// <summary><c>SGD(lr, momentum=0.9)</c>.</summary>
    SgdMomentum,

    /// <summary><c>SGD(lr, weight_decay=1.0)</c>: large, so that a decay step moves a weight far above float32 rounding.</summary>
    SgdWeightDecay,

    /// <summary><c>Adam(lr)</c>.</summary>
    Adam,
}
