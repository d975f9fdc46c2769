using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>The weights before the script and one observation per step.</summary>
public sealed record PyTorchRun(WeightSet Initial, ImmutableArray<PyTorchObservation> Steps);
