namespace TrainableSpec.Engine;

/// <summary>A container's outputs cannot be computed from its inputs, or mix tensors of different sessions.</summary>
public sealed class GraphException(string message) : EngineException(message);
