using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// Keras 2.1.6's timing, stated for any script: flags are independent and read back as last assigned; a compile
/// collects the trainable weights under <see cref="TrainabilityOracle"/>; a fit updates exactly the collected
/// weights, and warns, naming each weight, when the flags now say otherwise.
/// </summary>
public static class ScriptOracle
{
    /// <summary>The prediction for each step of the scenario's script.</summary>
    public static ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        var tree = scenario.Tree;
        var flags = tree.Nodes.ToImmutableSortedDictionary(n => n.Name, _ => true, StringComparer.Ordinal);
        ImmutableSortedSet<string>? collected = null;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    flags = flags.SetItem(set.Node, set.Value);
                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case Compile:
                    collected = TrainabilityOracle.TrainableWeights(tree, flags);
                    predictions.Add(new Prediction(flags, collected, null, []));
                    break;
                case Fit:
                    var compiledSet = collected ?? throw new InvalidDescriptionException("A fit comes before any compile.");
                    var now = TrainabilityOracle.TrainableWeights(tree, flags);
                    var warning = now.SetEquals(compiledSet) ? null : new StaleWarning(now.Except(compiledSet), compiledSet.Except(now));
                    predictions.Add(new Prediction(flags, null, warning, compiledSet));
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }
}
