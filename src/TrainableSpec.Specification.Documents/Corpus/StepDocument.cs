namespace TrainableSpec.Specification.Corpus;

/// <summary>
/// A script step: <c>setTrainable</c> (node, value), <c>setVariableTrainable</c> (weight, value), <c>compile</c>
/// (optimizer) or <c>fit</c> (epochs, batchSize, shuffle, and zeroGrad under the PyTorch profiles).
/// </summary>
public sealed record StepDocument(
    string Op,
    string? Node = null,
    bool? Value = null,
    string? Weight = null,
    OptimizerDocument? Optimizer = null,
    int? Epochs = null,
    int? BatchSize = null,
    bool? Shuffle = null,
    string? ZeroGrad = null);
