namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>
/// One training step: <c>optimizer.zero_grad(mode)</c>; <c>loss.backward()</c> when some parameter requires grad
/// (otherwise the loss has no graph); <c>optimizer.step()</c>.
/// </summary>
public sealed record TrainStep : TorchStep
{
    /// <summary>The one instance.</summary>
    public static TrainStep Step { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "step";
}
