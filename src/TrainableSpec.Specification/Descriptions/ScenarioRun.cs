using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>The observations of a whole scenario, one per script step, and the weights before the first step.</summary>
public sealed record ScenarioRun(WeightSet Initial, ImmutableArray<Observation> Steps);
