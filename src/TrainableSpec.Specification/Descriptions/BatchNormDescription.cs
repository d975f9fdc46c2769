using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// Batch normalization without scale (Keras' <c>BatchNormalization(scale=False)</c>) over the tree's width, with
/// weights <c>{Name}/beta</c> (trainable), <c>{Name}/moving_mean</c> and <c>{Name}/moving_variance</c> (statistics
/// no optimizer writes, which a training-mode pass moves toward the batch's).
/// </summary>
public sealed record BatchNormDescription(string Name) : NodeDescription(Name);
