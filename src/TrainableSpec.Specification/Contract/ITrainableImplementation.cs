using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Contract;

/// <summary>
/// What an engine under specification provides. An implementation builds the described tree with the given
/// initial weights, runs the script step by step, and reports what it observes; it is never told what the
/// specification expects. Keras-style engines collect trainable weights at compile; the rule that decides which
/// is what the properties check.
/// </summary>
public interface ITrainableImplementation
{
    /// <summary>A short name for reports, such as <c>reference</c> or <c>torchsharp</c>.</summary>
    string Name { get; }

    /// <summary>Builds <see cref="Scenario.Tree"/>, assigns <see cref="Scenario.InitialWeights"/>, and runs the script.</summary>
    /// <returns>The initial weights as read back and one observation per script step.</returns>
    ScenarioRun Run(Scenario scenario);

    /// <summary>
    /// Builds the tree with the probe's weights and flags, compiles, and returns the loss on the probe's data
    /// and the gradient of that loss for each weight it collected as trainable, summed over every use of the
    /// weight (uses inside frozen containers included).
    /// </summary>
    GradientReport Gradients(GradientProbe probe);
}
