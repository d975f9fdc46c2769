namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// A script step: <c>setTrainable</c> (node, value), <c>compile</c> (optimizer, learningRate) or <c>fit</c> (epochs, batchSize).
/// </summary>
public sealed record StepDocument(
    string Op,
    string? Node = null,
    bool? Value = null,
    string? Optimizer = null,
    float? LearningRate = null,
    int? Epochs = null,
    int? BatchSize = null);
