using TrainableSpec.Engine;
using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.Reference;

/// <summary>
/// PyTorch's optimizers as torch/optim writes them, over every parameter that has a gradient. SGD:
/// d = g + weight_decay·p; with momentum, buf = d at the first step, then buf = momentum·buf + d; p ← p − lr·d.
/// Adam: per parameter t ← t + 1, m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², p ← p − lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + 1e-8).
/// </summary>
internal sealed class TorchOptimizer(OptimizerChoice choice)
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly Dictionary<Weight, (float[] First, float[] Second, int Steps)> _state = [];

    public void Step(IReadOnlyDictionary<Weight, float[]?> gradients)
    {
        foreach (var (parameter, gradient) in gradients)
        {
            if (gradient is null)
            {
                continue;
            }

            var values = parameter.ToArray();
            if (choice.Kind == OptimizerKind.Adam)
            {
                Adam(parameter, values, gradient);
            }
            else
            {
                Sgd(parameter, values, gradient);
            }

            parameter.Owner.SetWeights([.. parameter.Owner.Weights.Select(w => ReferenceEquals(w, parameter) ? values : w.ToArray())]);
        }
    }

    private void Sgd(Weight parameter, float[] values, float[] gradient)
    {
        var decay = choice.Kind == OptimizerKind.SgdWeightDecay ? OptimizerChoice.WeightDecay : 0f;
        var momentum = choice.Kind == OptimizerKind.SgdMomentum ? OptimizerChoice.Momentum : 0f;
        var first = _state.TryGetValue(parameter, out var state) ? state.First : null;
        var buffer = new float[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var d = gradient[i] + (decay * values[i]);
            buffer[i] = momentum == 0f ? d : first is null ? d : (momentum * first[i]) + d;
            values[i] -= choice.LearningRate * buffer[i];
        }

        _state[parameter] = (buffer, [], 0);
    }

    private void Adam(Weight parameter, float[] values, float[] gradient)
    {
        var (m, v, t) = _state.TryGetValue(parameter, out var state) ? state : (new float[values.Length], new float[values.Length], 0);
        t++;
        var stepSize = choice.LearningRate / (1 - Math.Pow(Beta1, t));
        var correction = Math.Sqrt(1 - Math.Pow(Beta2, t));
        for (var i = 0; i < values.Length; i++)
        {
            m[i] = (float)((Beta1 * m[i]) + ((1 - Beta1) * gradient[i]));
            v[i] = (float)((Beta2 * v[i]) + ((1 - Beta2) * gradient[i] * gradient[i]));
            values[i] = (float)(values[i] - (stepSize * m[i] / ((Math.Sqrt(v[i]) / correction) + Epsilon)));
        }

        _state[parameter] = (m, v, t);
    }
}
