using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// What the specification expects after one script step: the flags, the weights collected (after a compile),
/// the warning (after a fit), the weights that must move (under Keras 2.1.6, exactly those collected at the last
/// compile), and whether the step must be refused: a fit because nothing is left to train, or (TensorFlow.js) because the
/// optimizer's state at a position of the list has another shape than the weight now there, in which case the weights
/// before that position have moved; a compile (under a framework whose optimizer rejects an empty parameter list)
/// because nothing is trainable, which then collects nothing and leaves the last optimizer in place.
/// </summary>
public sealed record Prediction(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableSortedSet<string>? Collected,
    StaleWarning? Warning,
    ImmutableSortedSet<string> Moving,
    bool Refused = false)
{
    /// <summary>
    /// After a compile, the list the optimizer is handed, each weight as often as the framework lists it (TensorFlow.js
    /// lists a weight once per container that holds it); in the framework's order where its optimizer reads the order
    /// (state by position), else in name order. <see cref="Collected"/> is its set. Null after any other step.
    /// </summary>
    public ImmutableArray<string>? CollectedList { get; init; }

    /// <summary>
    /// After a fit refused because the optimizer's state at a position of its list has another shape than the weight
    /// there (state by position, TensorFlow.js), that position: the entries before it have stepped. Null otherwise.
    /// </summary>
    public int? ThrowsAtPosition { get; init; }
}
