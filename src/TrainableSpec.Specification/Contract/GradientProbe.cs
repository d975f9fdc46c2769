using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Contract;

/// <summary>
/// A request for the loss gradient of a tree at given weights, flags and data: build the tree with
/// <paramref name="Weights"/>, assign <paramref name="Flags"/> (a node missing from them keeps its flag true), compile,
/// and report the mean squared error (mean over samples and outputs) on <paramref name="Data"/> and its gradient for
/// every weight collected as trainable, without training.
/// </summary>
public sealed record GradientProbe(
    TreeDescription Tree,
    WeightSet Weights,
    TrainingData Data,
    ImmutableSortedDictionary<string, bool> Flags)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"tree: {Tree}{Environment.NewLine}"
        + $"frozen: [{string.Join(" ", Flags.Where(f => !f.Value).Select(f => f.Key))}]{Environment.NewLine}"
        + $"data: {Data}";
}
