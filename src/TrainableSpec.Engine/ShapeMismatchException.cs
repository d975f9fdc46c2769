namespace TrainableSpec.Engine;

/// <summary>A layer was called on, or given, data of the wrong shape.</summary>
public sealed class ShapeMismatchException(string message) : EngineException(message);
