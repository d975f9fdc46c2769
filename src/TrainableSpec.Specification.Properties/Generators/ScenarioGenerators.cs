using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Random scenarios: a tree, initial weights, a batch and a flag script.
/// <para>
/// Why the numbers are what they are: the properties say a weight moves when it is trainable, "moves" is checked
/// bit-for-bit, and how far is checked against the specification's own step, so a trainable weight must really
/// move in float32 and a step taken twice or a use left out must show. With sigmoid layers and Glorot weights the
/// gradient shrinks by up to 4× per layer (measured: the first kernel of a 6-deep chain moved ~4e-7, a few ulps).
/// So training scenarios use linear layers, each with a bias one time in two, with kernels I + U[0, 0.01]
/// (diagonal ≥ 1, all entries ≥ 0), biases U[0, 0.01], inputs in [0.5, 1], and targets in [10, 12], above any
/// output: a forward pass of at most <see cref="TreeGenerators.MaxForwardLength"/> = 20 layers multiplies by at
/// most 1.03 per layer and adds at most 0.01, so outputs start below 1.03²⁰ + 0.27 ≈ 2.1, and six fits keep them
/// below 4 (measured by <c>GeneratedMovementTests</c>). Then every activation is ≥ the smallest input, every
/// back-propagated error has the sign of (output − target) and never shrinks through a layer, so no terms of a
/// gradient cancel: each kernel entry's gradient is at least 0.5·(2/3)·(10 − 4) = 2 in magnitude and each bias
/// entry's at least 4, the uses of a shared weight add up, and biases and kernels only grow, keeping all of this
/// true after each step. SGD steps of 5e-5 or 1e-4 then move every trainable entry by ≥ 1e-4, about a thousand
/// ulps. What bounds the length is the growth: at 1.03 per layer, 20 layers keep outputs far below the targets;
/// longer chains would need smaller kernels or larger targets, and larger targets larger gradients. The flag rule
/// does not depend on the activation: sigmoid and tanh are exercised by the gradient property, the article's
/// cases and <see cref="ScenariosWithAnyNumbers"/>, where nothing needs to move.
/// </para>
/// </summary>
public static class ScenarioGenerators
{
    /// <summary>The most fit steps a generated script makes.</summary>
    public const int MaxFits = 6;

    /// <summary>Training scenarios for the flag and timing properties.</summary>
    public static Gen<Scenario> Scenarios => ScenariosWith(sharing: true);

    /// <summary>Training scenarios, with or without shared nodes.</summary>
    public static Gen<Scenario> ScenariosWith(bool sharing) => ScenariosWith(sharing, variableFlags: false);

    /// <summary>
    /// Training scenarios whose later steps also assign single variables' flags when <paramref name="variableFlags"/> is true.
    /// </summary>
    public static Gen<Scenario> ScenariosWith(bool sharing, bool variableFlags) =>
        from tree in TreeGenerators.LinearTrees(sharing)
        from weights in NearIdentityWeights(tree)
        from data in Data(tree.Width, Values(0.5, 1.0), Values(10.0, 12.0))
        from script in Scripts(tree, LearningRates.Select(rate => new Compile(rate)), variableFlags)
        select new Scenario(tree, weights, data, script);

    /// <summary>
    /// Training scenarios whose every compile asks for the same optimizer with state — momentum, Nesterov, Adam or
    /// AdamW — at one rate, so the optimizer object and the state it built for a weight while it was trainable
    /// outlive the recompile that freezes it. Momentum accumulates up to 1/(1 − 0.9) = 10 steps' worth, so its
    /// rates are a tenth of SGD's: each step still moves a trainable entry by ≥ 1e-5 (~80 ulps at 1.0), and the
    /// outputs stay below the targets. Adam's step is about the rate whatever the gradient; AdamW's decay
    /// (rate · 0.004 · w ≈ 4e-7) runs against the gradient's pull but is 25× smaller than Adam's step.
    /// </summary>
    public static Gen<Scenario> ScenariosWithStatefulOptimizers =>
        ScenariosWithStatefulOptimizersOf(KerasOptimizer.Momentum, KerasOptimizer.Nesterov, KerasOptimizer.Adam, KerasOptimizer.AdamW);

    /// <summary>
    /// <see cref="ScenariosWithStatefulOptimizers"/> drawing only <paramref name="optimizers"/>: those a framework offers
    /// (TensorFlow.js 4.22 and Keras 2 have no AdamW).
    /// </summary>
    public static Gen<Scenario> ScenariosWithStatefulOptimizersOf(params KerasOptimizer[] optimizers) =>
        from optimizer in Gen.Elements(optimizers)
        from rate in optimizer is KerasOptimizer.Momentum or KerasOptimizer.Nesterov ? Gen.Elements(5e-6f, 1e-5f) : LearningRates
        from tree in TreeGenerators.LinearTrees()
        from weights in NearIdentityWeights(tree)
        from data in Data(tree.Width, Values(0.5, 1.0), Values(10.0, 12.0))
        from script in FreezeAfterTraining(tree, new Compile(rate, optimizer))
        select new Scenario(tree, weights, data, script);

    /// <summary>
    /// Scripts that train, then freeze one to three nodes and recompile with the same optimizer, then go on at
    /// random: the shape in which an optimizer holds state for a weight that is no longer trained.
    /// </summary>
    public static Gen<ImmutableArray<ScriptStep>> FreezeAfterTraining(TreeDescription tree, Compile compile) =>
        from initial in InitialFlags(tree)
        from steps in Gen.Choose(1, 2)
        from frozen in Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(tree.Nodes.Select(node => node.Name).ToArray()), n))
        from count in Gen.Choose(0, 3)
        from later in Gen.ArrayOf(LaterStep(tree, Gen.Constant(compile)), count)
        select CapFits(
            [
                .. initial,
                compile,
                .. Enumerable.Repeat<ScriptStep>(Fit.Step, steps),
                .. frozen.Select(n => new SetTrainable(n, false)),
                compile,
                Fit.Step,
                .. later,
                Fit.Step,
            ]);

    /// <summary>
    /// Training scenarios with a batch normalization <c>bn1</c> first in the forward pass, followed by at most four
    /// dense applications. Why these numbers: in a training-mode pass the normalised value x̂ has mean 0 over the
    /// batch and |x̂| ≤ √(n − 1) ≤ 2 for n ≤ 5 samples; in inference mode x̂ = (x − m)/√(v + ε) stays in about
    /// [0.4, 1.1] while the moving statistics drift (0.01 of the way per fit). With β from [2.5, 3] the layer's
    /// output stays in [0.5, 5], positive as the data of <see cref="Scenarios"/> are, so the sign argument there
    /// holds after it. Four near-identity layers grow it at most 1.33⁴ ≈ 3.2× (kernels I + U[0, 0.01] plus what
    /// six fits add), so outputs stay below 16 and the targets are [40, 44]. The larger error makes gradients up
    /// to ~10× larger, so the rates are a tenth: each trainable entry still moves by ≥ 4e-5 per fit (hundreds of
    /// ulps). β's gradient is the sum of the upstream errors over the batch, all of one sign, so a trainable β
    /// moves; the moving mean moves toward batch means ≥ 0.5 from 0 or from what it already is; the moving variance
    /// toward batch variances ≤ 0.0625 from 1. A batch of one sample has variance 0 and x̂ = 0: still finite.
    /// </summary>
    public static Gen<Scenario> ScenariosWithBatchNorm => ScenariosWithBatchNormOf(minimumSamples: 1);

    /// <summary>
    /// <see cref="ScenariosWithBatchNorm"/> with batches of at least <paramref name="minimumSamples"/>: PyTorch refuses a
    /// training-mode batch normalization over one sample ("Expected more than 1 value per channel when training"), a
    /// refusal no profile models, so a corpus for PyTorch draws two or more.
    /// </summary>
    public static Gen<Scenario> ScenariosWithBatchNormOf(int minimumSamples) =>
        from tree in TreeGenerators.TreesWithBatchNorm(denseLayers: 4)
        from weights in NearIdentityWeights(tree)
        from beta in Gen.ArrayOf(Values(2.5, 3.0), tree.Width)
        from data in Data(tree.Width, Values(0.5, 1.0), Values(40.0, 44.0), minimumSamples)
        from script in Scripts(tree, Gen.Elements(5e-6f, 1e-5f).Select(rate => new Compile(rate)))
        select new Scenario(tree, WithBatchNormWeights(weights, tree, beta), data, script);

    /// <summary>
    /// Scenarios with any numbers, for the property that a weight never trained stays bit-identical: any activation,
    /// biases, kernels U[-1, 1], biases U[-0.5, 0.5], inputs and targets U[-3, 3], and learning rates from 1e-4 to 10.
    /// Nothing here needs to move, so nothing keeps the numbers tame: with rates up to 10 a leak into a frozen weight
    /// (a decay, a step at a tiny rate, a stale gradient) moves it far above float32 resolution. Trainable weights
    /// may grow without bound (even overflow); the property does not look at them.
    /// </summary>
    public static Gen<Scenario> ScenariosWithAnyNumbers(bool sharing, bool variableFlags = false) =>
        from tree in TreeGenerators.MixedTrees(sharing)
        from weights in Weights(tree, Values(-1.0, 1.0), Values(-0.5, 0.5))
        from data in Data(tree.Width, Values(-3.0, 3.0), Values(-3.0, 3.0))
        from script in Scripts(tree, Gen.Elements(1e-4f, 1e-3f, 1e-2f, 0.1f, 1f, 10f).Select(rate => new Compile(rate)), variableFlags)
        select new Scenario(tree, weights, data, script);

    /// <summary>Gradient probes on trees with any activation and bias, Glorot-range weights and random flags.</summary>
    public static Gen<GradientProbe> GradientProbes => GradientProbesWith(sharing: true);

    /// <summary>Gradient probes, with or without shared nodes.</summary>
    public static Gen<GradientProbe> GradientProbesWith(bool sharing) =>
        from tree in TreeGenerators.MixedTrees(sharing)
        from weights in Weights(tree, Values(-1.0, 1.0), Values(-0.5, 0.5))
        from data in Data(tree.Width, Values(-1.0, 1.0), Values(-1.0, 1.0))
        from flags in InitialFlags(tree)
        select new GradientProbe(tree, weights, data, flags.ToImmutableSortedDictionary(s => s.Node, s => s.Value, StringComparer.Ordinal));

    /// <summary>Kernels I + U[0, 0.01] and biases U[0, 0.01]; see the class remarks.</summary>
    public static Gen<WeightSet> NearIdentityWeights(TreeDescription tree) =>
        from set in Weights(tree, Values(0.0, 0.01), Values(0.0, 0.01))
        select AddIdentity(tree, set);

    /// <summary>
    /// Every weight of the tree with kernel entries from <paramref name="kernel"/> and bias entries from <paramref name="bias"/>.
    /// </summary>
    public static Gen<WeightSet> Weights(TreeDescription tree, Gen<float> kernel, Gen<float> bias) =>
        from values in Gen.CollectToArray(tree.WeightNames, name =>
            Gen.ArrayOf(
                name.EndsWith("/bias", StringComparison.Ordinal) ? bias : kernel,
                name.EndsWith("/bias", StringComparison.Ordinal) ? tree.Width : tree.Width * tree.Width)
               .Select(v => KeyValuePair.Create(name, v)))
        select new WeightSet(values);

    /// <summary>A batch of one to five samples.</summary>
    public static Gen<TrainingData> Data(int width, Gen<float> x, Gen<float> y) => Data(width, x, y, minimumCount: 1);

    /// <summary>A batch of <paramref name="minimumCount"/> to five samples.</summary>
    public static Gen<TrainingData> Data(int width, Gen<float> x, Gen<float> y, int minimumCount) =>
        from count in Gen.Choose(minimumCount, 5)
        from xs in Gen.ArrayOf(Gen.ArrayOf(x, width), count)
        from ys in Gen.ArrayOf(Gen.ArrayOf(y, width), count)
        select new TrainingData([.. xs.Select(r => r.ToImmutableArray())], [.. ys.Select(r => r.ToImmutableArray())]);

    /// <summary>
    /// Flag scripts: a flag for every node (false one time in three), a compile, then flag changes, compiles
    /// and fits in random order, ending with a fit.
    /// </summary>
    public static Gen<ImmutableArray<ScriptStep>> Scripts(TreeDescription tree) =>
        Scripts(tree, LearningRates.Select(rate => new Compile(rate)));

    /// <summary>
    /// Flag scripts whose compiles are drawn from <paramref name="compiles"/>, with variables' flags assigned too when
    /// <paramref name="variableFlags"/> is true.
    /// </summary>
    public static Gen<ImmutableArray<ScriptStep>> Scripts(TreeDescription tree, Gen<Compile> compiles, bool variableFlags = false) =>
        Gen.Sized(size =>
            from initial in InitialFlags(tree)
            from compile in compiles
            from count in Gen.Choose(0, 2 + (size / 8))
            from later in Gen.ArrayOf(LaterStep(tree, compiles, variableFlags), count)
            select CapFits([.. initial, compile, .. later, Fit.Step]));

    /// <summary>One assignment per node, in node order.</summary>
    public static Gen<SetTrainable[]> InitialFlags(TreeDescription tree) =>
        Gen.CollectToArray(tree.Nodes, node => Flag.Select(value => new SetTrainable(node.Name, value)));

    private static Gen<bool> Flag => Gen.Frequency((2, Gen.Constant(true)), (1, Gen.Constant(false)));

    private static Gen<float> LearningRates => Gen.Elements(5e-5f, 1e-4f);

    private static Gen<ScriptStep> LaterStep(TreeDescription tree, Gen<Compile> compiles, bool variableFlags = false) =>
        Gen.Frequency(
            (4, from node in Gen.Elements(tree.Nodes.Select(n => n.Name).ToArray())
                from value in Gen.Elements(false, true)
                select (ScriptStep)new SetTrainable(node, value)),
            (variableFlags ? 2 : 0, from weight in Gen.Elements(tree.TrainableWeightNames.ToArray())
                                    from value in Gen.Elements(false, true)
                                    select (ScriptStep)new SetVariableTrainable(weight, value)),
            (1, compiles.Select(compile => (ScriptStep)compile)),
            (2, Gen.Constant((ScriptStep)Fit.Step)));

    /// <summary>Uniform floats on a grid of 1e-4 in [low, high].</summary>
    public static Gen<float> Values(double low, double high) =>
        Gen.Choose((int)Math.Round(low * 10_000), (int)Math.Round(high * 10_000)).Select(i => (float)(i / 10_000.0));

    // Keep the last MaxFits fits (the final one always survives) so outputs stay below the targets.
    private static ImmutableArray<ScriptStep> CapFits(ImmutableArray<ScriptStep> script) => KeepLast(script, s => s is Fit, MaxFits);

    /// <summary>The script without the earliest steps of a kind beyond the last <paramref name="most"/> of them.</summary>
    internal static ImmutableArray<T> KeepLast<T>(ImmutableArray<T> script, Func<T, bool> kind, int most)
    {
        var excess = script.Count(kind) - most;
        return excess <= 0 ? script : [.. script.Where(s => !kind(s) || excess-- <= 0)];
    }

    private static WeightSet WithBatchNormWeights(WeightSet set, TreeDescription tree, float[] beta)
    {
        foreach (var bn in tree.BatchNorms)
        {
            set = set.With($"{bn.Name}/beta", beta)
                .With($"{bn.Name}/moving_mean", new float[tree.Width])
                .With($"{bn.Name}/moving_variance", [.. Enumerable.Repeat(1f, tree.Width)]);
        }

        return set;
    }

    private static WeightSet AddIdentity(TreeDescription tree, WeightSet set)
    {
        foreach (var name in set.Names.Where(n => n.EndsWith("/kernel", StringComparison.Ordinal)).ToArray())
        {
            var values = set[name].ToArray();
            for (var i = 0; i < tree.Width; i++)
            {
                values[(i * tree.Width) + i] += 1f;
            }

            set = set.With(name, values);
        }

        return set;
    }
}
