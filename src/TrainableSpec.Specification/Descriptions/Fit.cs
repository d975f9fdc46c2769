namespace TrainableSpec.Specification.Descriptions;

/// <summary>Trains one epoch on the scenario's data as a single batch: one optimizer step.</summary>
public sealed record Fit : ScriptStep
{
    /// <summary>The one instance; a fit has no parameters.</summary>
    public static Fit Step { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "fit";
}
