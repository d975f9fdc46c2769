namespace TrainableSpec.Engine;

/// <summary><see cref="Model.Fit"/> was called before <see cref="Model.Compile"/>.</summary>
public sealed class NotCompiledException(string message) : EngineException(message);
