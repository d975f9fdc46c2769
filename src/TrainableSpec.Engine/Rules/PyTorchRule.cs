namespace TrainableSpec.Engine.Rules;

/// <summary>
/// PyTorch, read as a training loop with <c>zero_grad()</c> setting gradients to None (the default since 2.0).
/// <c>module.requires_grad_(v)</c> sets the flag of every parameter below the module and nothing else
/// (torch/nn/modules/module.py); modules have no flag of their own, so a layer's flag reads as whether every
/// parameter below it requires grad. A step updates the parameters that require grad now; <c>backward</c> raises
/// when none does, after the forward pass has moved the running statistics of every batch normalization in
/// train mode (torch/nn/modules/batchnorm.py updates them whatever <c>requires_grad</c> says).
/// </summary>
internal class PyTorchRule : TrainabilityRule
{
    public override string Name => "pytorch";

    /// <inheritdoc />
    public override FitTiming Timing => FitTiming.CurrentFlags;

    /// <inheritdoc />
    public override FitRefusal Refusal => FitRefusal.AfterForwardPass;

    /// <inheritdoc />
    public override bool RefusesEmptyCompile => false;

    /// <inheritdoc />
    public override bool WarnsWhenStale => false;

    /// <inheritdoc />
    public override bool WarnsByCount => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateByPosition => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateAcrossCompiles => true;

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    public override IReadOnlyList<Weight> TrainableWeights(Layer layer) => [.. layer.VariablesBelow().Where(w => w.Trainable)];

    /// <summary>The optimizer is built over <c>model.parameters()</c>: every parameter, each once, whatever requires grad.</summary>
    public override IReadOnlyList<Weight> Collect(Model model) => [.. model.VariablesBelow()];

    public override void Assign(Layer layer, bool value)
    {
        foreach (var weight in layer.VariablesBelow())
        {
            weight.VariableFlag = value;
        }
    }

    public override bool Read(Layer layer)
    {
        // Read at every step for every node: a loop over the cached array, without an enumerator.
        foreach (var weight in layer.VariablesBelow())
        {
            if (!weight.Trainable)
            {
                return false;
            }
        }

        return true;
    }

    public override BatchNormMode ModeOf(BatchNormalization layer, IReadOnlySet<Layer> updates) => BatchNormMode.Training;
}
