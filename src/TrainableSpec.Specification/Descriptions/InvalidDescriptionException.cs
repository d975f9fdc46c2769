namespace TrainableSpec.Specification.Descriptions;

/// <summary>A tree, script, weight set or data set that cannot describe a model run; the message says what and where.</summary>
public sealed class InvalidDescriptionException(string message) : Exception(message);
