using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// The gradient of the loss of <see cref="LossOracle"/> (mean over samples and outputs of the squared error) with
/// respect to every trainable weight of a described tree, by an analytic backward pass in double precision,
/// independently of any engine. A weight used at several places gets the sum over all its uses, uses inside
/// frozen containers included: freezing decides which weights an optimizer writes, not what the loss depends on.
/// </summary>
public static class GradientOracle
{
    /// <summary>
    /// The gradient of every trainable weight of <paramref name="tree"/> at <paramref name="weights"/> on
    /// <paramref name="data"/>, and beside it the same backward pass over absolute values (<see cref="TreeGradient.Magnitude"/>).
    /// </summary>
    /// <exception cref="InvalidDescriptionException">
    /// The tree holds a batch normalization, which this model does not compute, or the data does not fit the tree's width.
    /// </exception>
    public static TreeGradient Of(TreeDescription tree, WeightSet weights, TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(data);
        // The pass reuses its buffers: a row of the wrong width would leave another sample's values in them, not throw.
        data.CheckFits(tree.Width);
        var pass = new GradientPass(PlanOf(tree));
        pass.Run(weights, data);
        var names = pass.Plan.Names;
        var gradient = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<double>>(StringComparer.Ordinal);
        var magnitude = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<double>>(StringComparer.Ordinal);
        for (var w = 0; w < names.Length; w++)
        {
            gradient.Add(names[w], [.. pass.Gradient(w)]);
            magnitude.Add(names[w], [.. pass.Magnitude(w)]);
        }

        return new TreeGradient(gradient.ToImmutable(), magnitude.ToImmutable());
    }

    /// <summary>The plan of the passes over <paramref name="tree"/>.</summary>
    /// <exception cref="InvalidDescriptionException">The tree holds a batch normalization, which this model does not compute.</exception>
    internal static GradientPlan PlanOf(TreeDescription tree)
    {
        if (tree.BatchNorms.FirstOrDefault() is { } bn)
        {
            throw new InvalidDescriptionException(
                $"The gradient model computes dense layers and containers only, but node '{bn.Name}' is a batch normalization.");
        }

        return GradientPlan.Of(tree);
    }

    // The slope of the activation at an output it gave, for the backward pass and the magnitude of the forward one.
    internal static double Slope(ActivationKind activation, double output) => activation switch
    {
        ActivationKind.Sigmoid => output * (1 - output),
        ActivationKind.Tanh => 1 - (output * output),
        _ => 1.0,
    };
}
