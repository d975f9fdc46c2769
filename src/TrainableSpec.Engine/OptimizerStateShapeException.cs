namespace TrainableSpec.Engine;

/// <summary>
/// A step under state by position (TensorFlow.js) found, at some position of the list, state made for a weight of
/// another shape than the one now there (tfjs-core/src/tensor.ts, <c>Variable.assign</c>: the shapes must match).
/// </summary>
public sealed class OptimizerStateShapeException(string message) : EngineException(message);
