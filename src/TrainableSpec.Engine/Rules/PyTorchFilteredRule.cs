namespace TrainableSpec.Engine.Rules;

/// <summary>
/// PyTorch with an optimizer rebuilt at every compile over the parameters that require grad then
/// (<c>torch.optim.SGD([p for p in model.parameters() if p.requires_grad], lr)</c>), and
/// <c>zero_grad(set_to_none=True)</c> at every fit. Flags are written and read as in <see cref="PyTorchRule"/>. A step
/// updates the parameters collected that still require grad (a frozen one has no gradient; an unfrozen one is not in
/// the optimizer); <c>backward</c> raises after the forward pass when no parameter requires grad; a compile with none
/// is refused (torch/optim/optimizer.py: <c>ValueError: optimizer got an empty parameter list</c>) and the last
/// optimizer stays. Each compile's optimizer starts without state (torch's step counts live in it too).
/// </summary>
internal sealed class PyTorchFilteredRule : PyTorchRule
{
    public override string Name => "pytorch-filtered";

    /// <inheritdoc />
    public override FitTiming Timing => FitTiming.CollectedLessFrozenVariables;

    /// <inheritdoc />
    public override FitRefusal Refusal => FitRefusal.AfterForwardPass;

    /// <inheritdoc />
    public override bool RefusesEmptyCompile => true;

    /// <inheritdoc />
    public override bool WarnsWhenStale => false;

    /// <inheritdoc />
    public override bool WarnsByCount => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateByPosition => false;

    /// <inheritdoc />
    public override bool KeepsOptimizerStateAcrossCompiles => false;

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    /// <summary>The list comprehension: the parameters that require grad now.</summary>
    public override IReadOnlyList<Weight> Collect(Model model) => TrainableWeights(model);
}
