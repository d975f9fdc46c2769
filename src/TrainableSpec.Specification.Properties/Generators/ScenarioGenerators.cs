using System.Collections.Immutable;
using System.Runtime.InteropServices;
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
        // The draws of: from tree in TreeGenerators.LinearTrees(sharing) from weights in NearIdentityWeights(tree)
        // from data in Data(width, Inputs, Targets) from script in Scripts(tree, SGD compiles, variableFlags).
        FsCheckReplay.Of((ref FsCheckRandom draws, int size) =>
        {
            var tree = ShapeDraws.Tree(ref draws, size, ShapeDraws.LinearLeaf, sharing, TreeGenerators.MaxForwardLength);
            var weights = NearIdentityWeights(ref draws, tree);
            var data = Data(ref draws, tree.Width, Inputs, Targets, minimumCount: 1);
            return new Scenario(tree, weights, data, Script(ref draws, size, tree, SgdCompiles, variableFlags));
        });

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
    public static Gen<Scenario> ScenariosWithStatefulOptimizersOf(params KerasOptimizer[] optimizers)
    {
        KerasOptimizer[] drawn = [.. optimizers];
        // The draws of: from optimizer in Gen.Elements(optimizers) from rate in Gen.Elements(rates) from tree in
        // TreeGenerators.LinearTrees() from weights in NearIdentityWeights(tree) from data in Data(width, Inputs, Targets)
        // from script in FreezeAfterTraining(tree, new Compile(rate, optimizer)).
        return FsCheckReplay.Of((ref FsCheckRandom draws, int size) =>
        {
            var optimizer = drawn[draws.Index(drawn.Length)];
            var rates = optimizer is KerasOptimizer.Momentum or KerasOptimizer.Nesterov ? MomentumRates : SgdRates;
            var rate = rates[draws.Index(rates.Length)];
            var tree = ShapeDraws.Tree(ref draws, size, ShapeDraws.LinearLeaf, sharing: true, TreeGenerators.MaxForwardLength);
            var weights = NearIdentityWeights(ref draws, tree);
            var data = Data(ref draws, tree.Width, Inputs, Targets, minimumCount: 1);
            return new Scenario(tree, weights, data, FreezeAfterTraining(ref draws, tree, new Compile(rate, optimizer)));
        });
    }

    /// <summary>
    /// Scripts that train, then freeze one to three nodes and recompile with the same optimizer, then go on at
    /// random: the shape in which an optimizer holds state for a weight that is no longer trained.
    /// </summary>
    public static Gen<ImmutableArray<ScriptStep>> FreezeAfterTraining(TreeDescription tree, Compile compile) =>
        FsCheckReplay.Of((ref FsCheckRandom draws, int _) => FreezeAfterTraining(ref draws, tree, compile));

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
        // The draws of: from tree in TreeGenerators.TreesWithBatchNorm(denseLayers: 4) from weights in
        // NearIdentityWeights(tree) from beta in Betas.Arrays(width) from data in Data(width, Inputs, BatchNormTargets,
        // minimumSamples) from script in Scripts(tree, Gen.Elements(momentum rates).Select(rate => new Compile(rate))).
        FsCheckReplay.Of((ref FsCheckRandom draws, int size) =>
        {
            var tree = TreeGenerators.TreeWithBatchNorm(ref draws, size, denseLayers: 4);
            var weights = NearIdentityWeights(ref draws, tree);
            var betas = new SplitMix64(GridRange.Seed(ref draws));
            var beta = Betas.Fill(ref betas, tree.Width);
            var data = Data(ref draws, tree.Width, Inputs, BatchNormTargets, minimumSamples);
            var script = Script(ref draws, size, tree, SmallSgdCompiles, variableFlags: false);
            return new Scenario(tree, WithBatchNormWeights(weights, tree, beta), data, script);
        });

    /// <summary>
    /// Scenarios with any numbers, for the property that a weight never trained stays bit-identical: any activation,
    /// biases, kernels U[-1, 1], biases U[-0.5, 0.5], inputs and targets U[-3, 3], and learning rates from 1e-4 to 10.
    /// Nothing here needs to move, so nothing keeps the numbers tame: with rates up to 10 a leak into a frozen weight
    /// (a decay, a step at a tiny rate, a stale gradient) moves it far above float32 resolution. Trainable weights
    /// may grow without bound (even overflow); the property does not look at them.
    /// </summary>
    public static Gen<Scenario> ScenariosWithAnyNumbers(bool sharing, bool variableFlags = false) =>
        // The draws of: from tree in TreeGenerators.MixedTrees(sharing) from weights in Weights(tree, AnyKernels, AnyBiases)
        // from data in Data(width, AnyData, AnyData) from script in Scripts(tree, any rate's compiles, variableFlags).
        FsCheckReplay.Of((ref FsCheckRandom draws, int size) =>
        {
            var tree = ShapeDraws.Tree(ref draws, size, ShapeDraws.MixedLeaf, sharing, TreeGenerators.MaxMixedForwardLength);
            var weights = Fill(tree, AnyKernels, AnyBiases, GridRange.Seed(ref draws), identity: false);
            var data = Data(ref draws, tree.Width, AnyData, AnyData, minimumCount: 1);
            return new Scenario(tree, weights, data, Script(ref draws, size, tree, AnyRateCompiles, variableFlags));
        });

    /// <summary>Gradient probes on trees with any activation and bias, Glorot-range weights and random flags.</summary>
    public static Gen<GradientProbe> GradientProbes => GradientProbesWith(sharing: true);

    /// <summary>Gradient probes, with or without shared nodes.</summary>
    public static Gen<GradientProbe> GradientProbesWith(bool sharing) =>
        // The draws of: from tree in TreeGenerators.MixedTrees(sharing) from weights in Weights(tree, AnyKernels, AnyBiases)
        // from data in Data(width, ProbeData, ProbeData) from flags in InitialFlags(tree).
        FsCheckReplay.Of((ref FsCheckRandom draws, int size) =>
        {
            var tree = ShapeDraws.Tree(ref draws, size, ShapeDraws.MixedLeaf, sharing, TreeGenerators.MaxMixedForwardLength);
            var weights = Fill(tree, AnyKernels, AnyBiases, GridRange.Seed(ref draws), identity: false);
            var data = Data(ref draws, tree.Width, ProbeData, ProbeData, minimumCount: 1);
            var random = new SplitMix64(GridRange.Seed(ref draws));
            var flags = InitialFlags(tree, ref random).ToImmutableSortedDictionary(s => s.Node, s => s.Value, StringComparer.Ordinal);
            return new GradientProbe(tree, weights, data, flags);
        });

    /// <summary>Kernels I + U[0, 0.01] and biases U[0, 0.01]; see the class remarks.</summary>
    public static Gen<WeightSet> NearIdentityWeights(TreeDescription tree) =>
        GridRange.Seeds.Select(seed => Fill(tree, SmallPositive, SmallPositive, seed, identity: true));

    /// <summary>
    /// Every weight of the tree with kernel entries from <paramref name="kernel"/> and bias entries from <paramref name="bias"/>.
    /// </summary>
    public static Gen<WeightSet> Weights(TreeDescription tree, GridRange kernel, GridRange bias) =>
        GridRange.Seeds.Select(seed => Fill(tree, kernel, bias, seed, identity: false));

    /// <summary>A batch of one to five samples.</summary>
    public static Gen<TrainingData> Data(int width, GridRange x, GridRange y) => Data(width, x, y, minimumCount: 1);

    /// <summary>A batch of <paramref name="minimumCount"/> to five samples.</summary>
    public static Gen<TrainingData> Data(int width, GridRange x, GridRange y, int minimumCount) =>
        FsCheckReplay.Of((ref FsCheckRandom draws, int _) => Data(ref draws, width, x, y, minimumCount));

    /// <summary>
    /// Flag scripts: a flag for every node (false one time in three), a compile, then flag changes, compiles
    /// and fits in random order, ending with a fit.
    /// </summary>
    public static Gen<ImmutableArray<ScriptStep>> Scripts(TreeDescription tree) =>
        FsCheckReplay.Of((ref FsCheckRandom draws, int size) => Script(ref draws, size, tree, SgdCompiles, variableFlags: false));

    /// <summary>
    /// Flag scripts whose compiles are drawn from <paramref name="compiles"/>, with variables' flags assigned too when
    /// <paramref name="variableFlags"/> is true.
    /// </summary>
    public static Gen<ImmutableArray<ScriptStep>> Scripts(TreeDescription tree, Gen<Compile> compiles, bool variableFlags = false) =>
        from draft in FsCheckReplay.Of((ref FsCheckRandom draws, int size) => Draft(ref draws, size, tree, variableFlags))
        from drawn in Gen.ArrayOf(compiles, draft.Count(s => s is null))
        select CapFits(WithCompiles(draft, drawn));

    /// <summary>One assignment per node, in node order, false one time in three.</summary>
    public static Gen<SetTrainable[]> InitialFlags(TreeDescription tree) =>
        GridRange.Seeds.Select(seed =>
        {
            var random = new SplitMix64(seed);
            return InitialFlags(tree, ref random);
        });

    // The generators' ranges and rates, made once.
    private static readonly GridRange SmallPositive = Values(0.0, 0.01);
    private static readonly GridRange Inputs = Values(0.5, 1.0);
    private static readonly GridRange Targets = Values(10.0, 12.0);
    private static readonly GridRange BatchNormTargets = Values(40.0, 44.0);
    private static readonly GridRange Betas = Values(2.5, 3.0);
    private static readonly GridRange AnyKernels = Values(-1.0, 1.0);
    private static readonly GridRange AnyBiases = Values(-0.5, 0.5);
    private static readonly GridRange AnyData = Values(-3.0, 3.0);
    private static readonly GridRange ProbeData = Values(-1.0, 1.0);
    private static readonly float[] SgdRates = [5e-5f, 1e-4f];
    private static readonly float[] MomentumRates = [5e-6f, 1e-5f];
    private static readonly Compile[] SgdCompiles = [.. SgdRates.Select(rate => new Compile(rate))];
    private static readonly Compile[] SmallSgdCompiles = [.. MomentumRates.Select(rate => new Compile(rate))];
    private static readonly Compile[] AnyRateCompiles = [.. new[] { 1e-4f, 1e-3f, 1e-2f, 0.1f, 1f, 10f }.Select(rate => new Compile(rate))];

    // Kernels I + U[0, 0.01] and biases U[0, 0.01] from one seed: NearIdentityWeights' draw.
    private static WeightSet NearIdentityWeights(ref FsCheckRandom draws, TreeDescription tree) =>
        Fill(tree, SmallPositive, SmallPositive, GridRange.Seed(ref draws), identity: true);

    // The count, then the seed: Data's draws.
    private static TrainingData Data(ref FsCheckRandom draws, int width, GridRange x, GridRange y, int minimumCount)
    {
        var count = draws.Choose(minimumCount, 5);
        return Batch(width, count, x, y, GridRange.Seed(ref draws));
    }

    // The draft, then each compile from the given ones as Gen.Elements draws them: Scripts' draws.
    private static ImmutableArray<ScriptStep> Script(
        ref FsCheckRandom draws, int size, TreeDescription tree, Compile[] compiles, bool variableFlags)
    {
        var draft = Draft(ref draws, size, tree, variableFlags);
        var drawn = new Compile[draft.Count(s => s is null)];
        for (var i = 0; i < drawn.Length; i++)
        {
            drawn[i] = compiles[draws.Index(compiles.Length)];
        }

        return CapFits(WithCompiles(draft, drawn));
    }

    // The number of later steps (more with the size), then the seed of the draft.
    private static ScriptStep?[] Draft(ref FsCheckRandom draws, int size, TreeDescription tree, bool variableFlags)
    {
        var count = draws.Choose(0, 2 + (size / 8));
        return Draft(tree, count, variableFlags, GridRange.Seed(ref draws));
    }

    // Initial flags, a compile, one or two fits, one to three nodes frozen, the compile again, a fit, up to three later
    // steps with the same compile, a fit. The draws: the flags' seed, the fits, the frozen nodes (Gen.Elements of the
    // node names), the later steps' count and their seed.
    private static ImmutableArray<ScriptStep> FreezeAfterTraining(ref FsCheckRandom draws, TreeDescription tree, Compile compile)
    {
        var flags = new SplitMix64(GridRange.Seed(ref draws));
        var initial = InitialFlags(tree, ref flags);
        var steps = draws.Choose(1, 2);
        var frozen = new ScriptStep[Math.Max(draws.Choose(1, 3), 0)];
        for (var i = 0; i < frozen.Length; i++)
        {
            frozen[i] = new SetTrainable(tree.Nodes[draws.Index(tree.Nodes.Length)].Name, false);
        }

        var count = draws.Choose(0, 3);
        var later = WithCompiles(LaterStepsFrom(tree, count, GridRange.Seed(ref draws)), [.. Enumerable.Repeat(compile, count)]);
        return CapFits(
            [
                .. initial,
                compile,
                .. Enumerable.Repeat<ScriptStep>(Fit.Step, steps),
                .. frozen,
                compile,
                Fit.Step,
                .. later,
                Fit.Step,
            ]);
    }

    // One seed draws the script's flags and the kinds of its steps (FsCheck never shrinks them: ScenarioShrinker does):
    // each node's initial flag, a compile, count later steps, then a fit. The compiles are left null, for WithCompiles
    // to fill from the script's own compile generator.
    private static ScriptStep?[] Draft(TreeDescription tree, int count, bool variableFlags, ulong seed)
    {
        var random = new SplitMix64(seed);
        return [.. InitialFlags(tree, ref random), null, .. LaterSteps(tree, count, variableFlags, ref random), Fit.Step];
    }

    private static ScriptStep?[] LaterStepsFrom(TreeDescription tree, int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        return LaterSteps(tree, count, variableFlags: false, ref random);
    }

    // Each node's flag false one time in three.
    private static SetTrainable[] InitialFlags(TreeDescription tree, ref SplitMix64 random)
    {
        var flags = new SetTrainable[tree.Nodes.Length];
        for (var i = 0; i < flags.Length; i++)
        {
            flags[i] = new SetTrainable(tree.Nodes[i].Name, random.Below(3) != 0);
        }

        return flags;
    }

    // Each step a node's flag (weight 4, either value), a variable's flag (weight 2 with variableFlags, else 0), a compile
    // (1, left null) or a fit (2).
    private static ScriptStep?[] LaterSteps(TreeDescription tree, int count, bool variableFlags, ref SplitMix64 random)
    {
        var weights = variableFlags ? tree.TrainableWeightNames.ToArray() : [];
        var steps = new ScriptStep?[count];
        for (var i = 0; i < count; i++)
        {
            steps[i] = random.Below(variableFlags ? 9 : 7) switch
            {
                < 4 => new SetTrainable(tree.Nodes[random.Below(tree.Nodes.Length)].Name, random.Below(2) == 1),
                < 5 => null,
                < 7 => Fit.Step,
                _ => new SetVariableTrainable(weights[random.Below(weights.Length)], random.Below(2) == 1),
            };
        }

        return steps;
    }

    private static ImmutableArray<ScriptStep> WithCompiles(ScriptStep?[] draft, Compile[] compiles)
    {
        var script = new ScriptStep[draft.Length];
        for (var (i, next) = (0, 0); i < script.Length; i++)
        {
            script[i] = draft[i] ?? compiles[next++];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(script);
    }

    /// <summary>Uniform floats on a grid of 1e-4 in [low, high].</summary>
    public static GridRange Values(double low, double high) => new(low, high);

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

    // One seed fills every matrix of the tree in weight-name order (one FsCheck draw for the whole set; see SplitMix64), the
    // identity added before the set is built. The set holds the arrays themselves: ordered by name first, nothing is
    // copied, and nothing writes them after.
    private static WeightSet Fill(TreeDescription tree, GridRange kernel, GridRange bias, ulong seed, bool identity)
    {
        var random = new SplitMix64(seed);
        var width = tree.Width;
        string[] names = [.. tree.WeightNames];
        var values = new ImmutableArray<float>[names.Length];
        for (var n = 0; n < names.Length; n++)
        {
            var isBias = names[n].EndsWith("/bias", StringComparison.Ordinal);
            var matrix = (isBias ? bias : kernel).Fill(ref random, isBias ? width : width * width);
            for (var i = 0; identity && names[n].EndsWith("/kernel", StringComparison.Ordinal) && i < width; i++)
            {
                matrix[(i * width) + i] += 1f;
            }

            values[n] = ImmutableCollectionsMarshal.AsImmutableArray(matrix);
        }

        Array.Sort(names, values, StringComparer.Ordinal);
        return WeightSet.Create(ImmutableCollectionsMarshal.AsImmutableArray(names), ImmutableCollectionsMarshal.AsImmutableArray(values));
    }

    // The inputs of all samples, then their targets, from one seed.
    private static TrainingData Batch(int width, int count, GridRange x, GridRange y, ulong seed)
    {
        var random = new SplitMix64(seed);
        var xs = new ImmutableArray<float>[count];
        var ys = new ImmutableArray<float>[count];
        for (var s = 0; s < count; s++)
        {
            xs[s] = ImmutableCollectionsMarshal.AsImmutableArray(x.Fill(ref random, width));
        }

        for (var s = 0; s < count; s++)
        {
            ys[s] = ImmutableCollectionsMarshal.AsImmutableArray(y.Fill(ref random, width));
        }

        return new TrainingData(ImmutableCollectionsMarshal.AsImmutableArray(xs), ImmutableCollectionsMarshal.AsImmutableArray(ys));
    }
}
