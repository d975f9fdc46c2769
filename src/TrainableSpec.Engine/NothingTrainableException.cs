namespace TrainableSpec.Engine;

/// <summary>A fit found no weight to update under a rule that refuses such a step (TensorFlow.js's <c>variableGrads</c>).</summary>
public sealed class NothingTrainableException(string message) : EngineException(message);
