using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// Keras 2.1.6's timing, stated for any script: flags are independent and read back as last assigned; a compile
/// collects the trainable weights under <see cref="TrainabilityOracle"/>; a fit updates exactly the collected
/// weights, and warns, naming each weight, when the flags now say otherwise. A batch normalization always
/// normalises with the batch's statistics in a fit, and its moving statistics move when the first fit after the
/// compile (where Keras builds its train function and reads <c>model.updates</c>) found a path of true flags to it.
/// </summary>
public static class ScriptOracle
{
    /// <summary>The prediction for each step of the scenario's script.</summary>
    public static ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        var tree = scenario.Tree;
        var flags = tree.Nodes.ToImmutableSortedDictionary(n => n.Name, _ => true, StringComparer.Ordinal);
        ImmutableSortedSet<string>? collected = null;
        ImmutableSortedSet<string>? updates = null;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    flags = flags.SetItem(set.Node, set.Value);
                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case SetVariableTrainable variable:
                    throw new InvalidDescriptionException(
                        $"Keras 2 offers no per-variable trainable flag, but a step is {variable}; freeze the layer instead.");
                case Compile:
                    collected = TrainabilityOracle.TrainableWeights(tree, flags);
                    updates = null;
                    predictions.Add(new Prediction(flags, collected, null, []));
                    break;
                case Fit:
                    var compiledSet = collected ?? throw new InvalidDescriptionException("A fit comes before any compile.");
                    var now = TrainabilityOracle.TrainableWeights(tree, flags);
                    var warning = now.SetEquals(compiledSet) ? null : new StaleWarning(now.Except(compiledSet), compiledSet.Except(now));
                    updates ??= TrainabilityOracle.OpenBatchNorms(tree, flags);
                    var statistics = tree.StatisticNames(updates);
                    predictions.Add(new Prediction(flags, null, warning, compiledSet.Union(statistics)));
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }
}
