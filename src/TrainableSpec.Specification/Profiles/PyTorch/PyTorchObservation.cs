using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>After one step: each weight's <c>requires_grad</c> as read back, and all weights.</summary>
public sealed record PyTorchObservation(ImmutableSortedDictionary<string, bool> RequiresGrad, WeightSet Weights);
