using System.Collections.Immutable;

namespace TrainableSpec.Specification.Descriptions;

/// <summary>
/// What an implementation reports after one script step (see <c>ITrainableImplementation</c> for the conventions).
/// </summary>
/// <param name="Flags">Every node's flag as the framework reads it back now (<c>node.trainable</c>), by node name.</param>
/// <param name="Collected">After a compile, the weights the optimizer will update, as the implementation lists them
/// (a weight listed twice is reported twice); empty after any other step.</param>
/// <param name="Warning">After a fit, the warning the fit gave that the flags now make other weights trainable than the
/// last compile collected, naming them; null after any other step or when the fit warned nothing.</param>
/// <param name="Weights">Every weight of the tree (trainable or not, batch statistics included) after the step, bit-for-bit
/// as the implementation holds them: unchanged weights must read back identical.</param>
/// <param name="Refused">Whether a fit was refused (the framework threw): because nothing was left to train, or (TensorFlow.js)
/// because the optimizer's state at a position of its list had another shape than the weight there; or whether a compile
/// was refused because nothing was trainable (PyTorch's optimizer rejects an empty parameter list; report nothing
/// collected); false after any other step.</param>
public sealed record Observation(
    ImmutableSortedDictionary<string, bool> Flags,
    ImmutableArray<string> Collected,
    StaleWarning? Warning,
    WeightSet Weights,
    bool Refused = false);
