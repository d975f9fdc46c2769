using System.Collections.Immutable;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// The loss gradient of every trainable weight (<see cref="Gradient"/>), and <see cref="Magnitude"/>: the same
/// backward pass computed over absolute values (|x|, |w|, |o| + |y|, the activations' slopes). A float32
/// implementation that adds the same terms in any order is off from the exact gradient by at most a small
/// multiple of ε·<see cref="Magnitude"/>; where no terms cancel (as in the training scenarios) the two are equal
/// up to the output error's sign.
/// </summary>
public sealed record TreeGradient(
    ImmutableSortedDictionary<string, ImmutableArray<double>> Gradient,
    ImmutableSortedDictionary<string, ImmutableArray<double>> Magnitude);
