namespace TrainableSpec.Engine;

/// <summary><see cref="Container.GetLayer(string)"/> was asked for a name the container does not hold.</summary>
public sealed class UnknownLayerException(string message) : EngineException(message);
