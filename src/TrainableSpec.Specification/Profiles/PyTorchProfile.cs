using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// PyTorch, reading the script as a training loop: assigning a flag is <c>node.requires_grad_(v)</c>, which sets
/// every parameter below the node; compile builds <c>SGD(model.parameters(), lr)</c>, which holds every
/// parameter once, whatever requires grad; a fit is
/// <c>zero_grad()</c> (gradients set to None, the default since 2.0), <c>loss.backward()</c>, <c>step()</c>. So a
/// weight moves exactly when it requires grad at the fit, whatever was set on the modules above it before, and
/// <c>backward</c> raises when no parameter requires grad (the loss has no graph). Modules have no flag: a node's
/// flag reads as whether every parameter below it requires grad. The finer rule (momentum, weight decay, stale
/// gradients) is <see cref="PyTorchOracle"/>, checked by <c>PyTorchProperties</c>. The shared script's optimizers
/// keep the script's own definition (<see cref="Descriptions.Compile"/>: Keras' formulas, one optimizer reused by
/// consecutive compiles that ask for the same) under every profile; torch's own formulas (Adam's per-parameter step
/// count and ε) are specified by <see cref="PyTorchUpdateOracle"/> in the PyTorch suite.
/// </summary>
internal sealed class PyTorchProfile : FrameworkProfile
{
    /// <inheritdoc />
    public override string Name => "pytorch";

    /// <inheritdoc />
    public override string Rule =>
        "no module flag; requires_grad_ sets every parameter below, last call wins; "
        + "a parameter moves when it requires grad at the step; backward raises when none does";

    /// <inheritdoc />
    public override string Operations =>
        "node.requires_grad_(v); param.requires_grad = v; SGD(model.parameters()); zero_grad(); loss.backward(); step()";

    /// <inheritdoc />
    public override bool OffersVariableFlags => true;

    /// <inheritdoc />
    public override bool HasLayerFlags => false;

    /// <inheritdoc />
    public override ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        var tree = scenario.Tree;
        var requiresGrad = AllWeightsTrue(tree);
        var compiled = false;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    requiresGrad = PyTorchOracle.WeightsBelow(tree, set.Node).Aggregate(requiresGrad, (r, w) => r.SetItem(w, set.Value));
                    predictions.Add(new Prediction(Flags(tree, requiresGrad), null, null, []));
                    break;
                case SetVariableTrainable variable:
                    requiresGrad = requiresGrad.SetItem(variable.Weight, variable.Value);
                    predictions.Add(new Prediction(Flags(tree, requiresGrad), null, null, []));
                    break;
                case Compile:
                    compiled = true;
                    predictions.Add(new Prediction(Flags(tree, requiresGrad), [.. requiresGrad.Keys], null, []));
                    break;
                case Fit:
                    var moving = compiled
                        ? requiresGrad.Where(r => r.Value).Select(r => r.Key).ToImmutableSortedSet(StringComparer.Ordinal)
                        : throw FitBeforeCompile();

                    // model.train(): the forward pass moves every running statistic before backward can raise.
                    var statistics = tree.StatisticNames(tree.BatchNorms.Select(bn => bn.Name));
                    predictions.Add(new Prediction(
                        Flags(tree, requiresGrad), null, null, moving.Union(statistics), Refused: moving.IsEmpty));
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }

    private static ImmutableSortedDictionary<string, bool> Flags(
        TreeDescription tree, ImmutableSortedDictionary<string, bool> requiresGrad) =>
        tree.Nodes.ToImmutableSortedDictionary(
            n => n.Name, n => PyTorchOracle.WeightsBelow(tree, n.Name).All(w => requiresGrad[w]), StringComparer.Ordinal);
}
