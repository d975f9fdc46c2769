using TorchSharp;
using TorchSharp.Modules;
using TrainableSpec.Specification.Descriptions;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// Keras 2's optimizers as libtorch tensor operations (keras/optimizers.py 2.1.6, <c>SGD.get_updates</c> and
/// <c>Adam.get_updates</c>; AdamW's decoupled decay as Keras 3 applies it). <c>torch.optim</c> is not used: its
/// Adam counts steps per parameter from its own creation and places ε after the bias correction, while Keras counts
/// the optimizer's iterations across compiles and builds fresh moments at each one.
/// </summary>
internal sealed class KerasOptimizerOnTorch(Compile compile) : IDisposable
{
    private readonly Dictionary<string, (Tensor First, Tensor Second)> _moments = [];

    /// <summary>The compile that chose this optimizer; a compile asking for the same reuses it.</summary>
    public Compile Compile { get; } = compile;

    /// <summary>The optimizer's step count, which outlives recompiles (Keras' <c>self.iterations</c>).</summary>
    public int Iterations { get; private set; }

    /// <summary>Fresh zero moments for the weights a compile collected, as each <c>get_updates</c> builds them.</summary>
    public void StartMoments(IEnumerable<(string Name, Parameter Parameter)> collected)
    {
        DisposeMoments();
        foreach (var (name, parameter) in collected)
        {
            _moments[name] = (zeros_like(parameter).requires_grad_(false), zeros_like(parameter).requires_grad_(false));
        }
    }

    /// <summary>One step over the collected weights, from the gradients their <c>.grad</c> holds.</summary>
    public void Step(IEnumerable<(string Name, Parameter Parameter)> collected)
    {
        Iterations++;
        const double beta1 = 0.9, beta2 = 0.999;
        var rate = Compile.LearningRate * Math.Sqrt(1 - Math.Pow(beta2, Iterations)) / (1 - Math.Pow(beta1, Iterations));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();

        // Every Scalar is held by a using: see TreeForward on Scalars that nothing keeps alive.
        using var one = 1.0.ToScalar();
        using var minusOne = (-1.0).ToScalar();
        using var lr = ((double)Compile.LearningRate).ToScalar();
        using var momentum = ((double)Specification.Descriptions.Compile.Momentum).ToScalar();
        using var decay = ((double)Compile.LearningRate * Specification.Descriptions.Compile.WeightDecay).ToScalar();
        using var b1 = beta1.ToScalar();
        using var c1 = (1 - beta1).ToScalar();
        using var b2 = beta2.ToScalar();
        using var c2 = (1 - beta2).ToScalar();
        using var adamRate = rate.ToScalar();
        using var epsilon = 1e-7.ToScalar();
        foreach (var (name, p) in collected)
        {
            var g = p.grad!;
            var (first, second) = _moments[name];
            switch (Compile.Optimizer)
            {
                case KerasOptimizer.Momentum or KerasOptimizer.Nesterov:
                    first.mul_(momentum).sub_(g.mul(lr));
                    p.add_(Compile.Optimizer == KerasOptimizer.Nesterov ? first.mul(momentum).sub(g.mul(lr)) : first, one);
                    break;
                case KerasOptimizer.Adam or KerasOptimizer.AdamW:
                    if (Compile.Optimizer == KerasOptimizer.AdamW)
                    {
                        p.sub_(p.mul(decay));
                    }

                    first.mul_(b1).add_(g.mul(c1), one);
                    second.mul_(b2).add_(g.mul(g).mul(c2), one);
                    p.add_(first.mul(adamRate).div(second.sqrt().add(epsilon, one)), minusOne);
                    break;
                default:
                    p.sub_(g.mul(lr));
                    break;
            }
        }
    }

    public void Dispose() => DisposeMoments();

    private void DisposeMoments()
    {
        foreach (var (first, second) in _moments.Values)
        {
            first.Dispose();
            second.Dispose();
        }

        _moments.Clear();
    }
}
