using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// <see cref="UpdateOracle"/> for the shared script under the PyTorch profiles: the same gradients, hyperparameters
/// (β₁ = 0.9, β₂ = 0.999, ε = 1e-7, momentum 0.9, AdamW's weight decay 0.004: an engine passes them, not torch's
/// defaults) and tolerance, with torch/optim's formulas (torch 1.13, <c>_single_tensor_sgd</c>,
/// <c>_single_tensor_adam</c>, <c>_single_tensor_adamw</c>). An optimizer steps only the parameters whose gradient is
/// not None — those a fit trains — and each parameter's state advances only at its own steps. SGD: p ← p − lr·g; with
/// momentum the buffer is g at the parameter's first step and 0.9·buf + g after, p ← p − lr·buf, or with Nesterov
/// p ← p − lr·(g + 0.9·buf) (for a constant rate, Keras' velocity is −lr·buf, so the values agree with
/// <see cref="UpdateOracle"/>'s). Adam: per parameter t ← t + 1, m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g²,
/// p ← p − lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε): a parameter skipped at some fits has a smaller t than the fits
/// counted, where Keras' one iteration count goes on. AdamW: p ← p·(1 − lr·0.004) first. Consecutive compiles asking
/// for the same optimizer and rate reuse it (its state goes on) unless every compile builds a new one; a refused
/// compile builds nothing.
/// </summary>
public static class TorchUpdateOracle
{
    /// <summary>
    /// The expected value of every weight each fit of <paramref name="scenario"/> trains (the trainable weights of
    /// <see cref="Prediction.Moving"/>; a refused fit trains none), given what <paramref name="run"/> observed before it;
    /// with <paramref name="rebuildsAtEachCompile"/> every compile that is not refused starts a new optimizer.
    /// </summary>
    public static IEnumerable<ExpectedUpdate> Updates(
        Scenario scenario, ScenarioRun run, ImmutableArray<Prediction> predictions, bool rebuildsAtEachCompile)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(run);
        var trainable = scenario.Tree.TrainableWeightNames.ToHashSet();
        (Compile Compile, Dictionary<string, TorchParameterState> State)? optimizer = null;
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            switch (scenario.Script[i])
            {
                case Compile compile when !predictions[i].Refused && (rebuildsAtEachCompile || optimizer?.Compile != compile):
                    optimizer = (compile, []);
                    break;
                case Fit when !predictions[i].Refused && optimizer is { } current:
                    // A compile came first (an optimizer exists), so this fit is never step 0.
                    var before = run.Steps[i - 1].Weights;
                    var gradient = GradientOracle.Of(scenario.Tree, before, scenario.Data);
                    foreach (var name in predictions[i].Moving.Where(trainable.Contains))
                    {
                        if (!current.State.TryGetValue(name, out var state))
                        {
                            current.State[name] = state = new TorchParameterState(before[name].Length);
                        }

                        var (values, tolerance) =
                            Step(current.Compile, state, before[name], gradient.Gradient[name], gradient.Magnitude[name]);
                        yield return new ExpectedUpdate(i, name, values, tolerance, gradient.Gradient[name]);
                    }

                    break;
            }
        }
    }

    private static (ImmutableArray<double> Values, ImmutableArray<double> Tolerance) Step(
        Compile compile,
        TorchParameterState state,
        ImmutableArray<float> before,
        ImmutableArray<double> g,
        ImmutableArray<double> magnitude)
    {
        var lr = (double)compile.LearningRate;
        state.Steps++;
        var values = new double[before.Length];
        var tolerance = new double[before.Length];
        for (var k = 0; k < before.Length; k++)
        {
            var (value, step) = Update(compile.Optimizer, lr, state, before[k], g[k], magnitude[k], k);
            values[k] = value;
            tolerance[k] = UpdateOracle.Tolerance(before[k], value, step);
        }

        return ([.. values], [.. tolerance]);
    }

    private static (double Value, double StepMagnitude) Update(
        KerasOptimizer optimizer, double lr, TorchParameterState state, double w, double g, double magnitude, int k)
    {
        const double momentum = Compile.Momentum;
        switch (optimizer)
        {
            case KerasOptimizer.Momentum or KerasOptimizer.Nesterov:
                // The buffer is the gradient itself at the parameter's first step.
                (state.First[k], state.FirstBound[k]) = state.Steps == 1
                    ? (g, magnitude)
                    : ((momentum * state.First[k]) + g, (momentum * state.FirstBound[k]) + magnitude);
                return optimizer == KerasOptimizer.Nesterov
                    ? (w - (lr * (g + (momentum * state.First[k]))), lr * (magnitude + (momentum * state.FirstBound[k])))
                    : (w - (lr * state.First[k]), lr * state.FirstBound[k]);
            case KerasOptimizer.Adam or KerasOptimizer.AdamW:
                var decay = optimizer == KerasOptimizer.AdamW ? lr * Compile.WeightDecay * w : 0.0;
                // w − decay first, then Adam's step: the order of torch's AdamW (and of the sum written out before).
                var (value, step) = state.Adam(k, w - decay, g, magnitude, lr, UpdateOracle.Epsilon);
                return (value, Math.Abs(decay) + step);
            default:
                return (w - (lr * g), lr * magnitude);
        }
    }
}
