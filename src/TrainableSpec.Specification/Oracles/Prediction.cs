using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What the specification expects after one script step: the flags, the weights collected (after a compile),
/// the warning (after a fit), the weights that must move (under Keras 2.1.6, exactly those collected at the last
/// compile), and whether the step must be refused: a fit because nothing is left to train, or (under a framework
/// whose optimizer rejects an empty parameter list) a compile because nothing is trainable, which then collects
/// nothing and leaves the last optimizer in place.
/// </summary>
public sealed record Prediction(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableSortedSet<string>? Collected,
    StaleWarning? Warning,
    ImmutableSortedSet<string> Moving,
    bool Refused = false);
