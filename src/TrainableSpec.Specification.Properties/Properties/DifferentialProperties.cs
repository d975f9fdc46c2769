using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Properties;

/// <summary>Two implementations of the same semantics compared on the same generated scenarios.</summary>
public static class DifferentialProperties
{
    /// <summary>
    /// Final weights may differ by at most this much relative to 1 + |w|. Both implementations compute the same
    /// float32 operations, but in different orders (libtorch's matrix kernels block and fuse; the reference
    /// engine loops): each gradient entry can differ by a few ulps, and each update's rounding by one ulp.
    /// Generated weights stay near 1 (ulp 1.2e-7) and a scenario makes at most 6 steps, so the weights can
    /// drift apart by ~1e-6 at most; 1e-5·(1 + |w|) leaves a tenfold margin, while any difference in which
    /// weights a step updates, or how often, moves a weight by ≥ 1e-4 (see the generators).
    /// </summary>
    public const double Tolerance = 1e-5;

    /// <summary>
    /// For the same tree, initial weights, data and script, the two implementations change exactly the same
    /// weights at every step and end with the same weights within <see cref="Tolerance"/>.
    /// </summary>
    public static Property TwoImplementationsChangeTheSameWeightsAndEndWithinTolerance(
        ITrainableImplementation first, ITrainableImplementation second) =>
        Prop.ForAll(TrainabilityProperties.Scenarios, scenario =>
            Verdict.ToProperty(Difference(scenario, first.Run(scenario), second.Run(scenario), first.Name, second.Name)));

    /// <summary>The largest |a − b| / (1 + |a|) over the final weights of two runs.</summary>
    public static double LargestRelativeDifference(ScenarioRun a, ScenarioRun b) =>
        a.Steps[^1].Weights.LargestRelativeDifference(b.Steps[^1].Weights).Difference;

    private static string? Difference(Scenario scenario, ScenarioRun a, ScenarioRun b, string nameA, string nameB)
    {
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            var changedA = a.Steps[i].Weights.ChangedFrom(i == 0 ? a.Initial : a.Steps[i - 1].Weights);
            var changedB = b.Steps[i].Weights.ChangedFrom(i == 0 ? b.Initial : b.Steps[i - 1].Weights);
            if (!changedA.SetEquals(changedB))
            {
                return $"At step {i} ({scenario.Script[i]}): {nameA} changed {Verdict.Names(changedA)}, "
                    + $"{nameB} changed {Verdict.Names(changedB)}.";
            }
        }

        var largest = LargestRelativeDifference(a, b);
        return largest <= Tolerance ? null : $"Final weights differ by {largest:R} relative to 1 + |w| (tolerance {Tolerance:R}).";
    }
}
