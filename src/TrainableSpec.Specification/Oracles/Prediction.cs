using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What the specification expects after one script step: the flags, the weights collected (after a compile),
/// the warning (after a fit), and the weights that must move — exactly those collected at the last compile.
/// </summary>
public sealed record Prediction(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableSortedSet<string>? Collected,
    StaleWarning? Warning,
    ImmutableSortedSet<string> Moving);
