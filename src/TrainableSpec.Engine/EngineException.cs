namespace TrainableSpec.Engine;

/// <summary>The base of every error the engine reports about what it was given; the message says what and where.</summary>
public abstract class EngineException(string message) : Exception(message);

/// <summary>A layer was called on, or given, data of the wrong shape.</summary>
public sealed class ShapeMismatchException(string message) : EngineException(message);

/// <summary>A container's outputs cannot be computed from its inputs, or mix tensors of different sessions.</summary>
public sealed class GraphException(string message) : EngineException(message);

/// <summary>Training or prediction data is empty, ragged, mismatched, or not finite.</summary>
public sealed class InvalidDataException(string message) : EngineException(message);

/// <summary><see cref="Container.GetLayer(string)"/> was asked for a name the container does not hold.</summary>
public sealed class UnknownLayerException(string message) : EngineException(message);

/// <summary><see cref="Model.Fit"/> was called before <see cref="Model.Compile"/>.</summary>
public sealed class NotCompiledException(string message) : EngineException(message);

/// <summary>A fit found no weight to update under a rule that refuses such a step (TensorFlow.js's <c>variableGrads</c>).</summary>
public sealed class NothingTrainableException(string message) : EngineException(message);
