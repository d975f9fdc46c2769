namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>
/// <c>node.requires_grad_(value)</c>: sets the flag of every parameter below the node (containers have no flag of
/// their own).
/// </summary>
public sealed record RequiresGrad(string Node, bool Value) : TorchStep
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}.requires_grad_({(Value ? "True" : "False")})";
}
