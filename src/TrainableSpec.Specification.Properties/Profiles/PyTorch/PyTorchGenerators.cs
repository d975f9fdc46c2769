using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>
/// Random PyTorch scenarios: the training trees, weights and data of <see cref="ScenarioGenerators"/> (for the
/// same reason: every update must move a weight far above float32 rounding), an optimizer, a zero-grad mode, and
/// a script of <c>requires_grad_</c> calls and training steps ending with a step. Learning rates keep each move
/// ≥ 1e-4: 1e-4 for SGD (weight decay 1.0 moves a weight near 1 by ~1e-4), 1e-3 for Adam (whose step is ~lr).
/// </summary>
public static class PyTorchGenerators
{
    /// <summary>The most training steps in a script.</summary>
    public const int MaxSteps = 6;

    /// <summary>Scenarios with either zero-grad mode.</summary>
    public static Gen<PyTorchScenario> Scenarios => ScenariosWith(Gen.Elements(ZeroGradMode.SetToNone, ZeroGradMode.Zero));

    /// <summary>Scenarios whose gradients are set to null before each step.</summary>
    public static Gen<PyTorchScenario> ScenariosSettingGradientsToNone => ScenariosWith(Gen.Constant(ZeroGradMode.SetToNone));

    /// <summary>Scenarios of the given modes.</summary>
    public static Gen<PyTorchScenario> ScenariosWith(Gen<ZeroGradMode> modes) =>
        from tree in TreeGenerators.LinearTrees()
        from weights in ScenarioGenerators.NearIdentityWeights(tree)
        from data in ScenarioGenerators.Data(tree.Width, ScenarioGenerators.Values(0.5, 1.0), ScenarioGenerators.Values(10.0, 12.0))
        from optimizer in Optimizers
        from mode in modes
        from script in Scripts(tree)
        select new PyTorchScenario(tree, weights, data, optimizer, mode, script);

    /// <summary>One of the four optimizers with its learning rate.</summary>
    public static Gen<OptimizerChoice> Optimizers =>
        Gen.Elements(OptimizerKind.Sgd, OptimizerKind.SgdMomentum, OptimizerKind.SgdWeightDecay, OptimizerKind.Adam)
            .Select(kind => new OptimizerChoice(kind, kind == OptimizerKind.Adam ? 1e-3f : 1e-4f));

    /// <summary><c>requires_grad_</c> calls on any node and training steps, in random order, ending with a step.</summary>
    public static Gen<ImmutableArray<TorchStep>> Scripts(TreeDescription tree) =>
        Gen.Sized(size =>
            from count in Gen.Choose(1, 3 + (size / 10))
            from steps in Gen.ArrayOf(Step(tree), count)
            select Cap([.. steps, TrainStep.Step]));

    private static Gen<TorchStep> Step(TreeDescription tree) =>
        Gen.Frequency(
            (3, from node in Gen.Elements(tree.Nodes.Select(n => n.Name).ToArray())
                from value in Gen.Frequency((2, Gen.Constant(false)), (1, Gen.Constant(true)))
                select (TorchStep)new RequiresGrad(node, value)),
            (2, Gen.Constant((TorchStep)TrainStep.Step)));

    private static ImmutableArray<TorchStep> Cap(ImmutableArray<TorchStep> script) =>
        ScenarioGenerators.KeepLast(script, s => s is TrainStep, MaxSteps);
}
