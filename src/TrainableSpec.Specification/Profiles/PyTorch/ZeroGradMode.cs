namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>What <c>optimizer.zero_grad</c> does to the gradients before each step.</summary>
public enum ZeroGradMode
{
    /// <summary><c>zero_grad(set_to_none=True)</c>, PyTorch's default since 2.0: gradients become null.</summary>
    SetToNone,

    /// <summary><c>zero_grad(set_to_none=False)</c>, the default up to 1.13 and TorchSharp's only mode: gradients become zeros.</summary>
    Zero,
}
