namespace TrainableSpec.Engine;

/// <summary>Training or prediction data is empty, ragged, mismatched, or not finite.</summary>
public sealed class InvalidDataException(string message) : EngineException(message);
