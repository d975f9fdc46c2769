namespace TrainableSpec.Specification.Descriptions;

/// <summary>The activations a described dense layer may use.</summary>
public enum ActivationKind
{
    /// <summary>f(z) = z.</summary>
    Linear,

    /// <summary>f(z) = 1 / (1 + e^-z).</summary>
    Sigmoid,

    /// <summary>f(z) = tanh z.</summary>
    Tanh,
}
