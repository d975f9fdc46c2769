using System.Collections.Immutable;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>
/// How far each parameter moves at a PyTorch training step: the optimizer's step as torch/optim writes it, in
/// double precision, from the weights before the step, for every parameter whose <c>.grad</c> is not null (a zeroed
/// stale gradient counts as zeros). SGD (torch/optim/sgd.py): d = g + weight_decay·p; with momentum the buffer is d
/// at its first step and momentum·buf + d after; p ← p − lr·d. Adam (torch/optim/adam.py): per parameter
/// t ← t + 1, m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε) with
/// ε = 1e-8 — unlike Keras, which folds the bias correction into the rate and adds ε = 1e-7 to √v
/// (<see cref="UpdateOracle"/>); a
/// parameter's state advances only at steps where its gradient is not null. Tolerance as <see cref="UpdateOracle"/>
/// states it.
/// </summary>
public static class PyTorchUpdateOracle
{
    /// <summary>torch's Adam ε.</summary>
    public const double Epsilon = 1e-8;

    /// <summary>
    /// The expected value of every parameter with a gradient at each training step, given what
    /// <paramref name="run"/> observed before it.
    /// </summary>
    public static IEnumerable<ExpectedUpdate> Updates(PyTorchScenario scenario, PyTorchRun run)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        var state = new Dictionary<string, TorchParameterState>();
        var index = 0;
        foreach (var (_, gradients) in PyTorchOracle.Steps(scenario))
        {
            if (gradients is not null)
            {
                var before = index == 0 ? run.Initial : run.Steps[index - 1].Weights;
                var computed = GradientOracle.Of(scenario.Tree, before, scenario.Data);
                foreach (var (name, kind) in gradients.Where(g => g.Value != GradientKind.None))
                {
                    var size = before[name].Length;
                    var (g, magnitude) = kind == GradientKind.Computed
                        ? (computed.Gradient[name], computed.Magnitude[name])
                        : (ImmutableArray.Create(new double[size]), ImmutableArray.Create(new double[size]));
                    if (!state.TryGetValue(name, out var s))
                    {
                        state[name] = s = new TorchParameterState(size);
                    }

                    var (values, tolerance) = Step(scenario.Optimizer, s, before[name], g, magnitude);
                    yield return new ExpectedUpdate(index, name, values, tolerance, g);
                }
            }

            index++;
        }
    }

    private static (ImmutableArray<double> Values, ImmutableArray<double> Tolerance) Step(
        OptimizerChoice optimizer,
        TorchParameterState state,
        ImmutableArray<float> before,
        ImmutableArray<double> g,
        ImmutableArray<double> magnitude)
    {
        var lr = (double)optimizer.LearningRate;
        state.Steps++;
        var values = new double[before.Length];
        var tolerance = new double[before.Length];
        for (var k = 0; k < before.Length; k++)
        {
            double w = before[k], value, step;
            switch (optimizer.Kind)
            {
                case OptimizerKind.Adam:
                    (value, step) = state.Adam(k, w, g[k], magnitude[k], lr, Epsilon);
                    break;
                default:
                    var decay = optimizer.Kind == OptimizerKind.SgdWeightDecay ? OptimizerChoice.WeightDecay : 0.0;
                    var (d, bound) = (g[k] + (decay * w), magnitude[k] + (decay * Math.Abs(w)));
                    if (optimizer.Kind == OptimizerKind.SgdMomentum)
                    {
                        (d, bound) = state.Steps == 1
                            ? (d, bound)
                            : ((OptimizerChoice.Momentum * state.First[k]) + d, (OptimizerChoice.Momentum * state.FirstBound[k]) + bound);
                        (state.First[k], state.FirstBound[k]) = (d, bound);
                    }

                    (value, step) = (w - (lr * d), lr * bound);
                    break;
            }

            values[k] = value;
            tolerance[k] = UpdateOracle.Tolerance(w, value, step);
        }

        return ([.. values], [.. tolerance]);
    }
}
