namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>The optimizer a PyTorch scenario builds once, over all parameters.</summary>
public sealed record OptimizerChoice(OptimizerKind Kind, float LearningRate)
{
    /// <summary>Momentum of <see cref="OptimizerKind.SgdMomentum"/>.</summary>
    public const float Momentum = 0.9f;

    /// <summary>Weight decay of <see cref="OptimizerKind.SgdWeightDecay"/>.</summary>
    public const float WeightDecay = 1.0f;

    /// <inheritdoc />
    public override string ToString() => $"{Kind}(lr={LearningRate:R})";
}
