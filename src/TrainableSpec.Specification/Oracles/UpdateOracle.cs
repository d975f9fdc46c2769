using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// How far each weight a fit trains must move: one optimizer step, in double precision, from the weights the
/// implementation held before the fit, with the gradient of <see cref="GradientOracle"/> (summed over every use of
/// the weight) and the optimizer's formulas as Keras writes them (keras/optimizers.py 2.1.6, <c>SGD.get_updates</c>
/// and <c>Adam.get_updates</c>; keras/src/optimizers/sgd.py, adam.py and adamw.py in Keras 3, whose decoupled decay
/// runs before the update). Consecutive compiles that ask for the same optimizer and rate reuse one optimizer, as
/// passing the same object to <c>compile</c> does: its step count goes on, and its per-weight state (velocity,
/// moments) too unless the framework builds fresh moments at each compile (Keras 2, see
/// <see cref="Profiles.FrameworkProfile.KeepsOptimizerStateAcrossCompiles"/>). Where the framework keys the state by
/// the position in the compile's list (TensorFlow.js, <see cref="Profiles.FrameworkProfile.KeepsOptimizerStateByPosition"/>),
/// every entry of the list steps, a weight listed twice twice from the one gradient, and the state is that of the
/// entry's position, made for the weight first there (see <see cref="Profiles.FrameworkProfiles.Tfjs422"/>).
/// <para>
/// Tolerance, per value: <see cref="Ulps"/> float32 ulps of the weight, for the rounding of the update itself (as many
/// times <see cref="Ulps"/> as the fit steps the weight where the framework steps it once per entry of its list: each
/// step, its decay and its update, is rounded to float32 on its own, and a weight listed three times under AdamW was
/// measured 2.3 ulps from the exact value), plus <see cref="RelativeToMagnitude"/> times the step's magnitude — the
/// same step computed from
/// <see cref="TreeGradient.Magnitude"/>, the absolute-value bound of the terms a float32 implementation adds. A
/// float32 forward and backward pass over at most 20 layers of width 3 and 5 samples rounds each value by at most
/// about 2·(20·4 + 5)·ε ≈ 1e-5 of that magnitude (ε = 2⁻²⁴), so 1e-4 is a tenfold margin (the article's 2 layers on
/// 257 samples, the suites' fit on many samples: 2·(2·4 + 257)·ε ≈ 3.2e-5). A step taken twice, a use
/// left out of a shared weight's gradient, a missing bias step or a wrong rate is off by a whole step (or a whole
/// use): in the training scenarios, where no terms cancel, a weight near 1 has a tolerance of about 2.6e-7, while an
/// SGD step is at least 1e-4 (about 400 times that) and a first momentum step at least 1e-5 (about 40 times). Adam
/// divides the gradient's scale away (its first step is lr·sign(g)), so under Adam the property pins the step and
/// the optimizer's state rather than the gradient's size.
/// </para>
/// </summary>
public static class UpdateOracle
{
    /// <summary>The float32 ulps of the weight allowed for the rounding of the update.</summary>
    public const double Ulps = 2;

    /// <summary>The fraction of the step's magnitude allowed for the rounding of the gradient and the optimizer's arithmetic.</summary>
    public const double RelativeToMagnitude = 1e-4;

    /// <summary>β₁ of Adam and AdamW (Keras' default).</summary>
    public const double Beta1 = 0.9;

    /// <summary>β₂ of Adam and AdamW (Keras' default).</summary>
    public const double Beta2 = 0.999;

    /// <summary>ε of Adam and AdamW (Keras' default, added to √v after the bias correction is folded into the rate).</summary>
    public const double Epsilon = 1e-7;

    /// <summary>
    /// The expected value of every weight each fit of <paramref name="scenario"/> trains (the trainable weights of
    /// <see cref="Prediction.Moving"/>; a refused fit trains none), given what <paramref name="run"/> observed before it;
    /// with <paramref name="keepsStateAcrossCompiles"/> false, every compile starts the moments afresh.
    /// </summary>
    public static IEnumerable<ExpectedUpdate> Updates(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, bool keepsStateAcrossCompiles) =>
        Updates(scenario, run, predictions, keepsStateAcrossCompiles, byPosition: false);

    /// <summary>
    /// The expected value of every weight each fit of <paramref name="scenario"/> trains under <paramref name="profile"/>:
    /// its optimizer state across compiles, per weight or by position in the compile's list, with torch's formulas
    /// (<see cref="TorchUpdateOracle"/>) under the PyTorch profiles and Keras' otherwise.
    /// </summary>
    public static IEnumerable<ExpectedUpdate> Updates(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, Profiles.FrameworkProfile profile) =>
        (profile ?? throw new ArgumentNullException(nameof(profile))).UsesTorchOptimizers
            ? TorchUpdateOracle.Updates(scenario, run, predictions, profile.RebuildsOptimizerAtEachCompile)
            : Updates(scenario, run, predictions, profile.KeepsOptimizerStateAcrossCompiles, profile.KeepsOptimizerStateByPosition);

    private static IEnumerable<ExpectedUpdate> Updates(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, bool keepsStateAcrossCompiles, bool byPosition)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        var trainable = scenario.Tree.TrainableWeightNames.ToHashSet();
        GradientPass? pass = null;
        foreach (var (i, model, list) in OptimizerAtFits(scenario, predictions, keepsStateAcrossCompiles))
        {
            if (byPosition && predictions[i].Moving.Any(trainable.Contains))
            {
                foreach (var update in model.StepByPosition(i, list, predictions[i], run, scenario))
                {
                    yield return update;
                }
            }
            else if (!byPosition && !predictions[i].Refused)
            {
                // A compile came first (an optimizer exists), so this fit is never step 0.
                var before = run.Steps[i - 1].Weights;
                pass ??= new GradientPass(GradientOracle.PlanOf(scenario.Tree));
                pass.Run(before, scenario.Data);
                model.Iterations++;
                foreach (var name in predictions[i].Moving.Where(trainable.Contains))
                {
                    var w = pass.Plan.IndexOf(name);
                    var (values, tolerance) = model.Step(name, before[name], pass.Gradient(w), pass.Magnitude(w));
                    yield return new ExpectedUpdate(i, name, values, tolerance, [.. pass.Gradient(w)]);
                }
            }
        }
    }

    /// <summary>
    /// The first update of <see cref="Updates(Scenario, ScenarioRun, ImmutableArray{Prediction}, Profiles.FrameworkProfile)"/>
    /// that the weights <paramref name="run"/> observed after its fit do not hold, and the first value off; null when all
    /// hold. The same updates in the same order, stopping at the first one off; where the optimizer keeps its state per
    /// weight (every profile but TensorFlow.js's and PyTorch's), each fit's pass and each step go through buffers reused
    /// from fit to fit, and an update is made only for the one that is off.
    /// </summary>
    internal static (ExpectedUpdate Update, int Index)? FirstMismatch(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, Profiles.FrameworkProfile profile)
    {
        if (profile.UsesTorchOptimizers || profile.KeepsOptimizerStateByPosition)
        {
            foreach (var update in Updates(scenario, run, predictions, profile))
            {
                if (update.FirstMismatch(run.Steps[update.Step].Weights[update.Weight]) is { } k)
                {
                    return (update, k);
                }
            }

            return null;
        }

        GradientPass? pass = null;
        try
        {
            return FirstMismatch(scenario, run, predictions, profile.KeepsOptimizerStateAcrossCompiles, ref pass);
        }
        finally
        {
            pass?.Return();
        }
    }

    // The per-weight part of FirstMismatch, with the pass it rents at the first fit that steps, for the caller to give back.
    private static (ExpectedUpdate Update, int Index)? FirstMismatch(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, bool keepsStateAcrossCompiles, ref GradientPass? pass)
    {
        var (values, tolerance) = (Array.Empty<double>(), Array.Empty<double>());
        GradientPlan? plan = null;
        foreach (var (i, model, _) in OptimizerAtFits(scenario, predictions, keepsStateAcrossCompiles))
        {
            if (predictions[i].Refused)
            {
                continue;
            }

            var before = run.Steps[i - 1].Weights;
            model.Iterations++;
            // The gradient is read only for the weights the fit trains, so a fit that trains none (about half the fits
            // of generated scripts) needs no pass; the optimizer's step count goes on all the same.
            plan ??= GradientOracle.PlanOf(scenario.Tree);
            GradientPass? atThisFit = null;
            foreach (var name in predictions[i].Moving)
            {
                if (plan.IndexOf(name) is not (var w and >= 0))
                {
                    continue;
                }

                atThisFit ??= Run(ref pass, plan, before, scenario.Data);
                var weight = before[name];
                if (values.Length < weight.Length)
                {
                    (values, tolerance) = (new double[weight.Length], new double[weight.Length]);
                }

                var expected = values.AsSpan(0, weight.Length);
                var within = tolerance.AsSpan(0, weight.Length);
                model.Step(name, weight, atThisFit.Gradient(w), atThisFit.Magnitude(w), expected, within);
                if (ExpectedUpdate.FirstMismatch(run.Steps[i].Weights[name].AsSpan(), expected, within) is { } k)
                {
                    return (new ExpectedUpdate(i, name, [.. expected], [.. within], [.. atThisFit.Gradient(w)]), k);
                }
            }
        }

        return null;
    }

    // The pass the caller rents (at its first use) run at the weights before a fit.
    private static GradientPass Run(ref GradientPass? pass, GradientPlan plan, WeightSet before, TrainingData data)
    {
        pass ??= GradientPass.Rent(plan);
        pass.Run(before, data);
        return pass;
    }

    // Each fit after a compile, with the optimizer it steps and the compile's list, once the compiles before it have
    // made, reused or reset the optimizer: consecutive compiles asking for the same optimizer and rate reuse one.
    private static IEnumerable<(int Step, OptimizerModel Model, ImmutableArray<string> List)> OptimizerAtFits(
        Scenario scenario, ImmutableArray<Prediction> predictions, bool keepsStateAcrossCompiles)
    {
        (Compile Compile, OptimizerModel Model)? optimizer = null;
        ImmutableArray<string> list = [];
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            list = predictions[i].CollectedList ?? list;
            switch (scenario.Script[i])
            {
                case Compile compile when optimizer?.Compile != compile:
                    optimizer = (compile, new OptimizerModel(compile));
                    break;
                case Compile when !keepsStateAcrossCompiles:
                    optimizer!.Value.Model.ForgetState();
                    break;
                case Fit when optimizer is { } current:
                    yield return (i, current.Model, list);
                    break;
            }
        }
    }

    /// <summary>
    /// The tolerance of one value that was <paramref name="before"/> and is expected to be <paramref name="expected"/>
    /// after a step of magnitude <paramref name="stepMagnitude"/> (see the class remarks).
    /// </summary>
    public static double Tolerance(double before, double expected, double stepMagnitude) =>
        Tolerance(before, expected, stepMagnitude, steps: 1);

    // A weight stepped several times in one fit (listed several times, by position) is rounded to float32 after each step.
    private static double Tolerance(double before, double expected, double stepMagnitude, int steps)
    {
        var scale = (float)Math.Max(Math.Abs(before), Math.Abs(expected));
        return (steps * Ulps * (MathF.BitIncrement(scale) - scale)) + (RelativeToMagnitude * stepMagnitude);
    }

    private sealed class OptimizerModel(Compile compile)
    {
        private readonly Dictionary<string, double[][]> _state = [];
        private readonly List<(bool Matrix, double[][] State)> _positions = [];

        public int Iterations { get; set; }

        public void ForgetState()
        {
            _state.Clear();
            _positions.Clear();
        }

        /// <summary>
        /// One step by position: each entry of <paramref name="list"/> in order, its state that of its position (made,
        /// zeros, for the weight first there, also for an entry with no gradient, which then does not step); a weight
        /// listed twice steps twice from the same gradient. An entry whose shape differs from its position's state
        /// stops the step there, as tfjs throws: a matrix state is still advanced with the vector's gradient broadcast
        /// over its rows (the accumulator is assigned before the weight), a vector state is not, and the step does not
        /// count for Adam's bias correction.
        /// </summary>
        public IEnumerable<ExpectedUpdate> StepByPosition(
            int step, ImmutableArray<string> list, Prediction fit, ScenarioRun run, Scenario scenario)
        {
            var before = run.Steps[step - 1].Weights;
            var gradient = GradientOracle.Of(scenario.Tree, before, scenario.Data);
            var lr = (double)compile.LearningRate;
            var current = new Dictionary<string, double[]>();
            var stepMagnitude = new Dictionary<string, double[]>();
            var steps = new Dictionary<string, int>();
            Iterations++;
            for (var position = 0; position < list.Length; position++)
            {
                var name = list[position];
                var length = before[name].Length;
                if (position == _positions.Count)
                {
                    _positions.Add((Profiles.FrameworkProfile.IsMatrix(name), [.. Enumerable.Range(0, 4).Select(_ => new double[length])]));
                }

                var (matrix, state) = _positions[position];
                var g = gradient.Gradient[name];
                if (position == fit.ThrowsAtPosition)
                {
                    if (matrix)
                    {
                        Broadcast(state, g, gradient.Magnitude[name], lr);
                    }

                    Iterations--;
                    break;
                }

                if (!fit.Moving.Contains(name))
                {
                    continue;
                }

                var values = current.TryGetValue(name, out var v) ? v : [.. before[name].Select(x => (double)x)];
                var magnitude = stepMagnitude.TryGetValue(name, out var m) ? m : new double[length];
                for (var k = 0; k < length; k++)
                {
                    (values[k], var size) = Update(values[k], g[k], gradient.Magnitude[name][k], lr, state, k);
                    magnitude[k] += size;
                }

                (current[name], stepMagnitude[name]) = (values, magnitude);
                steps[name] = steps.GetValueOrDefault(name) + 1;
            }

            return current.Select(c => new ExpectedUpdate(
                step,
                c.Key,
                [.. c.Value],
                [
                    .. c.Value.Select((value, k) =>
                        Tolerance(before[c.Key][k], value, stepMagnitude[c.Key][k], steps[c.Key])),
                ],
                gradient.Gradient[c.Key]));
        }

        // A matrix's state advanced with a vector's gradient, broadcast over its rows: what tfjs assigns before the throw.
        private void Broadcast(double[][] state, ImmutableArray<double> g, ImmutableArray<double> magnitude, double lr)
        {
            var width = g.Length;
            for (var k = 0; k < state[0].Length; k++)
            {
                _ = Update(0, g[k % width], magnitude[k % width], lr, state, k);
            }
        }

        public (ImmutableArray<double> Values, ImmutableArray<double> Tolerance) Step(
            string name, ImmutableArray<float> before, ReadOnlySpan<double> g, ReadOnlySpan<double> magnitude)
        {
            var values = new double[before.Length];
            var tolerance = new double[before.Length];
            Step(name, before, g, magnitude, values, tolerance);
            // Arrays made here and nowhere kept, so they become the expectation without a copy.
            return (ImmutableCollectionsMarshal.AsImmutableArray(values), ImmutableCollectionsMarshal.AsImmutableArray(tolerance));
        }

        public void Step(
            string name,
            ImmutableArray<float> before,
            ReadOnlySpan<double> g,
            ReadOnlySpan<double> magnitude,
            Span<double> values,
            Span<double> tolerance)
        {
            // Plain SGD keeps no state, so none is made for it.
            double[][]? state = null;
            if (compile.Optimizer != KerasOptimizer.Sgd && !_state.TryGetValue(name, out state))
            {
                // Signed state, then its magnitude counterpart: velocity and |velocity| bound, or m, v, |m| bound and Σ|g|·bound.
                state = [new double[before.Length], new double[before.Length], new double[before.Length], new double[before.Length]];
                _state.Add(name, state);
            }

            var lr = (double)compile.LearningRate;
            for (var k = 0; k < before.Length; k++)
            {
                var (value, step) = Update(before[k], g[k], magnitude[k], lr, state!, k);
                values[k] = value;
                tolerance[k] = Tolerance(before[k], value, step);
            }
        }

        private (double Value, double StepMagnitude) Update(double w, double g, double magnitude, double lr, double[][] state, int k)
        {
            const double momentum = Compile.Momentum;
            switch (compile.Optimizer)
            {
                case KerasOptimizer.Momentum or KerasOptimizer.Nesterov:
                    var (velocity, bound) = (state[0], state[1]);
                    velocity[k] = (momentum * velocity[k]) - (lr * g);
                    bound[k] = (momentum * bound[k]) + (lr * magnitude);
                    return compile.Optimizer == KerasOptimizer.Nesterov
                        ? (w + (momentum * velocity[k]) - (lr * g), (momentum * bound[k]) + (lr * magnitude))
                        : (w + velocity[k], bound[k]);
                case KerasOptimizer.Adam or KerasOptimizer.AdamW:
                    var decay = compile.Optimizer == KerasOptimizer.AdamW ? lr * Compile.WeightDecay * w : 0.0;
                    var (m, v, mBound, vBound) = (state[0], state[1], state[2], state[3]);
                    var rate = lr * Math.Sqrt(1 - Math.Pow(Beta2, Iterations)) / (1 - Math.Pow(Beta1, Iterations));
                    m[k] = (Beta1 * m[k]) + ((1 - Beta1) * g);
                    v[k] = (Beta2 * v[k]) + ((1 - Beta2) * g * g);
                    mBound[k] = (Beta1 * mBound[k]) + ((1 - Beta1) * magnitude);
                    vBound[k] = (Beta2 * vBound[k]) + ((1 - Beta2) * Math.Abs(g) * magnitude);
                    var root = Math.Sqrt(v[k]);
                    // An error δ in m moves m/(√v + ε) by δ/(√v + ε); an error δ in v by |m|·δ/(2√v·(√v + ε)²).
                    var sensitivity = (mBound[k] / (root + Epsilon))
                        + (root > 0 ? Math.Abs(m[k]) * vBound[k] / (root * (root + Epsilon) * (root + Epsilon)) : 0);
                    return (w - decay - (rate * m[k] / (root + Epsilon)), Math.Abs(decay) + (rate * sensitivity));
                default:
                    return (w - (lr * g), lr * magnitude);
            }
        }

    }
}
