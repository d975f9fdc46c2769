namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// The optimizer of a compile, every hyperparameter stated. Compiles whose optimizers share an <paramref name="Id"/>
/// pass the same optimizer object.
/// </summary>
public sealed record OptimizerDocument(
    int Id,
    string Kind,
    float LearningRate,
    float? Momentum = null,
    double? Beta1 = null,
    double? Beta2 = null,
    double? Epsilon = null,
    float? WeightDecay = null);
