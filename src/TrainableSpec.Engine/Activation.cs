namespace TrainableSpec.Engine;

/// <summary>The element-wise functions a <see cref="Dense"/> layer applies after its affine map.</summary>
public enum Activation
{
    /// <summary>f(z) = z.</summary>
    Linear,

    /// <summary>f(z) = 1 / (1 + e^-z), the article's activation.</summary>
    Sigmoid,

    /// <summary>f(z) = tanh z.</summary>
    Tanh,
}

internal static class ActivationFunctions
{
    // Dense rejects undefined activations, so the last arm is Linear.
    public static float Apply(this Activation activation, float z) => activation switch
    {
        Activation.Sigmoid => 1f / (1f + MathF.Exp(-z)),
        Activation.Tanh => MathF.Tanh(z),
        _ => z,
    };

    /// <summary>The derivative expressed through the activation's output, as the backward pass has it at hand.</summary>
    public static float DerivativeFromOutput(this Activation activation, float output) => activation switch
    {
        Activation.Sigmoid => output * (1f - output),
        Activation.Tanh => 1f - (output * output),
        _ => 1f,
    };
}
