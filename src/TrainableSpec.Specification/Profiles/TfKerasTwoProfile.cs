using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// tf.keras in TensorFlow 2. Assigning a flag writes it on the node and on every node below it
/// (tensorflow/python/keras/engine/base_layer.py, <c>Layer.trainable</c> setter over <c>_flatten_layers()</c>);
/// the trainable weights are the AND along a path, each shared weight once (<c>Layer.trainable_weights</c>
/// gathers children only when trainable, then de-duplicates). <c>compile</c> records every flag
/// (<c>_compiled_trainable_state</c>, tensorflow/python/keras/engine/training.py) and <c>fit</c> runs inside
/// <c>RespectCompiledTrainableState</c> (tensorflow/python/keras/engine/training_utils.py): with the recorded
/// flags, putting the current ones back afterwards. So a fit trains what the last compile collected, flags read
/// back as last written, and there is no warning. A batch normalization whose flag (as recorded) is false runs in
/// inference mode and its statistics stay (keras/layers/normalization/batch_normalization.py,
/// <c>_get_training_value</c>); one whose flag is true moves them, whatever the containers above say.
/// </summary>
internal sealed class TfKerasTwoProfile : FrameworkProfile
{
    /// <inheritdoc />
    public override string Name => "tf-keras-2";

    /// <inheritdoc />
    public override string Rule => "setter writes every sublayer; AND along a path; fit restores the flags recorded at compile";

    /// <inheritdoc />
    public override ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        var tree = scenario.Tree;
        var flags = AllTrue(tree);
        ImmutableSortedSet<string>? collected = null;
        var compiledFlags = flags;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    flags = SelfAndBelow(tree, set.Node).Aggregate(flags, (f, node) => f.SetItem(node, set.Value));
                    predictions.Add(new Prediction(flags, null, null, []));
                    break;
                case SetVariableTrainable variable:
                    throw NotOffered(variable);
                case Compile:
                    collected = TrainabilityOracle.TrainableWeights(tree, flags);
                    compiledFlags = flags;
                    predictions.Add(new Prediction(flags, collected, null, []));
                    break;
                case Fit:
                    var statistics = tree.StatisticNames(tree.BatchNorms.Select(bn => bn.Name).Where(bn => compiledFlags[bn]));
                    predictions.Add(new Prediction(flags, null, null, (collected ?? throw FitBeforeCompile()).Union(statistics)));
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }
}
