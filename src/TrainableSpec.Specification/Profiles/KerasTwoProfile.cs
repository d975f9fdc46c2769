using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// Keras 2.1.6 (the article) and Keras 2.2: flags are independent; a weight is trainable when every flag on some
/// path is true; the list is collected at compile; a fit warns when the flags now say otherwise. This is
/// <see cref="ScriptOracle"/>. Sources: keras/engine/topology.py (2.1.6), <c>Container.trainable_weights</c>
/// and <c>Model._make_train_function</c>'s check against <c>_collected_trainable_weights</c> (keras/engine/training.py);
/// keras/engine/network.py (2.2), <c>Network.trainable_weights</c>, unchanged. Keras' own warning
/// (<c>check_trainable_weights_consistency</c>, keras-team/keras#8234) compares parameter counts only; this
/// specification requires it to name the weights whose status differs.
/// </summary>
internal sealed class KerasTwoProfile : FrameworkProfile
{
    public KerasTwoProfile(string name) => Name = name;

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override string Rule => "own flags only; AND along a path; collected at compile; a fit warns when flags changed since";

    /// <inheritdoc />
    public override bool KeepsOptimizerStateAcrossCompiles => false;

    /// <inheritdoc />
    public override ImmutableArray<Prediction> Predict(Scenario scenario) => ScriptOracle.Predict(scenario);
}
