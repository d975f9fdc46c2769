namespace TrainableSpec.Engine.Rules;

/// <summary>The rules of the frameworks whose variables carry a flag a user may assign (Keras 3, TensorFlow.js, PyTorch).</summary>
internal abstract class VariableFlagRule : TrainabilityRule
{
    public override bool OffersVariableFlags => true;
}
