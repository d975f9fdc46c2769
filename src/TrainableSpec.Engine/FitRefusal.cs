namespace TrainableSpec.Engine;

/// <summary>Whether a fit with no weight left to train throws <see cref="NothingTrainableException"/>, and when.</summary>
public enum FitRefusal
{
    /// <summary>It runs and updates nothing (Keras).</summary>
    Never,

    /// <summary>It throws before the forward pass (TensorFlow.js's <c>variableGrads</c>).</summary>
    BeforeForwardPass,

    /// <summary>It throws after the forward pass has moved batch statistics (PyTorch's <c>backward</c>).</summary>
    AfterForwardPass,
}
