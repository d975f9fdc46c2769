using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What the specification expects after one script step: the flags, the weights collected (after a compile),
/// the warning (after a fit), the weights that must move (under Keras 2.1.6, exactly those collected at the last
/// compile), and whether the fit must be refused because nothing is left to train.
/// </summary>
public sealed record Prediction(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableSortedSet<string>? Collected,
    StaleWarning? Warning,
    ImmutableSortedSet<string> Moving,
    bool Refused = false);
