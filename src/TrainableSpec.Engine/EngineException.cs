namespace TrainableSpec.Engine;

/// <summary>The base of every error the engine reports about what it was given; the message says what and where.</summary>
public abstract class EngineException(string message) : Exception(message);
