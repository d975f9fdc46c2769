using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Contract;

/// <summary>
/// The loss an implementation computed and the gradients of the weights it collected as trainable, each named and laid
/// out as the weight itself, summed over every use of the weight.
/// </summary>
public sealed record GradientReport(double Loss, WeightSet Gradients);
