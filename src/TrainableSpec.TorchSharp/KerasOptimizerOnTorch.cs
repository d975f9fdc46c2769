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
internal sealed class KerasOptimizerOnTorch : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999;

    // The optimizer's constants as native Scalars made once, not at every step; each is held by this object for the
    // native calls' duration (see TreeForward on Scalars that nothing keeps alive).
    private readonly Scalar _one = 1.0.ToScalar();
    private readonly Scalar _minusOne = (-1.0).ToScalar();
    private readonly Scalar _lr;
    private readonly Scalar _momentum = ((double)Specification.Descriptions.Compile.Momentum).ToScalar();
    private readonly Scalar _decay;
    private readonly Scalar _b1 = Beta1.ToScalar();
    private readonly Scalar _c1 = (1 - Beta1).ToScalar();
    private readonly Scalar _b2 = Beta2.ToScalar();
    private readonly Scalar _c2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = 1e-7.ToScalar();
    private Tensor[] _first = [];
    private Tensor[] _second = [];

    /// <summary>An optimizer as <paramref name="compile"/> asks for it.</summary>
    public KerasOptimizerOnTorch(Compile compile)
    {
        Compile = compile;
        _lr = ((double)compile.LearningRate).ToScalar();
        _decay = ((double)compile.LearningRate * Specification.Descriptions.Compile.WeightDecay).ToScalar();
    }

    /// <summary>The compile that chose this optimizer; a compile asking for the same reuses it.</summary>
    public Compile Compile { get; }

    /// <summary>The optimizer's step count, which outlives recompiles (Keras' <c>self.iterations</c>).</summary>
    public int Iterations { get; private set; }

    /// <summary>
    /// Fresh zero moments for the weights a compile collected, as each <c>get_updates</c> builds them; only those the
    /// optimizer reads (none for SGD, the first for momentum, both for Adam), since the others never change from zero.
    /// </summary>
    public void StartMoments(IReadOnlyList<Parameter> collected)
    {
        DisposeMoments();
        var (first, second) = Compile.Optimizer switch
        {
            KerasOptimizer.Momentum or KerasOptimizer.Nesterov => (true, false),
            KerasOptimizer.Adam or KerasOptimizer.AdamW => (true, true),
            _ => (false, false),
        };
        _first = first ? [.. collected.Select(p => zeros_like(p))] : [];
        _second = second ? [.. collected.Select(p => zeros_like(p))] : [];
    }

    /// <summary>One step over the collected weights, from their gradients at the same positions.</summary>
    public void Step(IReadOnlyList<Parameter> collected, IList<Tensor> gradients)
    {
        Iterations++;
        var rate = Compile.LearningRate * Math.Sqrt(1 - Math.Pow(Beta2, Iterations)) / (1 - Math.Pow(Beta1, Iterations));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var adamRate = rate.ToScalar();
        for (var i = 0; i < collected.Count; i++)
        {
            var (p, g) = (collected[i], gradients[i]);
            switch (Compile.Optimizer)
            {
                case KerasOptimizer.Momentum or KerasOptimizer.Nesterov:
                    var first = _first[i];
                    first.mul_(_momentum).sub_(g.mul(_lr));
                    p.add_(Compile.Optimizer == KerasOptimizer.Nesterov ? first.mul(_momentum).sub(g.mul(_lr)) : first, _one);
                    break;
                case KerasOptimizer.Adam or KerasOptimizer.AdamW:
                    if (Compile.Optimizer == KerasOptimizer.AdamW)
                    {
                        p.sub_(p.mul(_decay));
                    }

                    _first[i].mul_(_b1).add_(g.mul(_c1), _one);
                    _second[i].mul_(_b2).add_(g.mul(g).mul(_c2), _one);
                    p.add_(_first[i].mul(adamRate).div(_second[i].sqrt().add(_epsilon, _one)), _minusOne);
                    break;
                default:
                    p.sub_(g.mul(_lr));
                    break;
            }
        }
    }

    public void Dispose()
    {
        DisposeMoments();
        foreach (var scalar in new[] { _one, _minusOne, _lr, _momentum, _decay, _b1, _c1, _b2, _c2, _epsilon })
        {
            scalar.Dispose();
        }
    }

    private void DisposeMoments()
    {
        foreach (var moment in _first.Concat(_second))
        {
            moment.Dispose();
        }

        (_first, _second) = ([], []);
    }
}
