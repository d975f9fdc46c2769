using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

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
    /// <summary>The prediction for each step of the scenario's script: <see cref="FrameworkProfiles.Keras216"/>'s.</summary>
    /// <exception cref="InvalidDescriptionException">A variable's flag (Keras 2 has none), or a fit before any compile.</exception>
    public static ImmutableArray<Prediction> Predict(Scenario scenario) => FrameworkProfiles.Keras216.Predict(scenario);
}
