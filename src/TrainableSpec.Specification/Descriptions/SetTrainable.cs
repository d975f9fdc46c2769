namespace TrainableSpec.Specification.Descriptions;

/// <summary>Assigns <paramref name="Value"/> to the trainable flag of the node (layer, container or the model itself).</summary>
public sealed record SetTrainable(string Node, bool Value) : ScriptStep
{
    /// <inheritdoc />
    public override string ToString() => $"{Node}.trainable={(Value ? "T" : "F")}";
}
