using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Contract;

/// <summary>A request for the loss gradient of a tree at given weights, flags and data.</summary>
public sealed record GradientProbe(
    TreeDescription Tree,
    WeightSet Weights,
    TrainingData Data,
    ImmutableSortedDictionary<string, bool> Flags)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"tree: {Tree}{Environment.NewLine}frozen: [{string.Join(" ", Flags.Where(f => !f.Value).Select(f => f.Key))}]{Environment.NewLine}data: {Data}";
}

/// <summary>The loss an implementation computed and the gradients of the weights it collected as trainable.</summary>
public sealed record GradientReport(double Loss, WeightSet Gradients);
