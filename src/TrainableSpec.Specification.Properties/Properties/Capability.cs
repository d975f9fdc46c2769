namespace TrainableSpec.Specification.Properties;

/// <summary>
/// What an implementation may declare it lacks (a suite's <c>Supports…</c> flag). A property that needs a lacking
/// capability is skipped with the reason, never passed.
/// </summary>
public enum Capability
{
    /// <summary>Needs nothing beyond the contract.</summary>
    None,

    /// <summary>Reports gradients (<c>ITrainableImplementation.Gradients</c>).</summary>
    Gradients,

    /// <summary>Collects the trainable weights at compile, as Keras 2.x does.</summary>
    CompileTimeCollection,

    /// <summary>Compiles with momentum, Nesterov, Adam and AdamW as well as plain SGD.</summary>
    StatefulOptimizers,

    /// <summary>Builds trees that hold a batch normalization.</summary>
    BatchNormalization,

    /// <summary>Has PyTorch's freezing semantics at all.</summary>
    PyTorchProfile,
}
