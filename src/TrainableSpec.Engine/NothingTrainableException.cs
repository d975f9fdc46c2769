namespace TrainableSpec.Engine;

/// <summary>
/// A fit found no weight to update under a rule that refuses such a step (TensorFlow.js's <c>variableGrads</c>,
/// PyTorch's <c>backward</c>), or a compile found none to collect under a rule whose optimizer refuses an empty list
/// (PyTorch's <c>ValueError: optimizer got an empty parameter list</c>).
/// </summary>
public sealed class NothingTrainableException(string message) : EngineException(message);
