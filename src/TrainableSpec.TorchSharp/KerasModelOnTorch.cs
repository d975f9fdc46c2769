using TorchSharp;
using TorchSharp.Modules;
using TrainableSpec.Specification.Descriptions;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// A described tree as libtorch parameters, with Keras 2.1.6's flags kept beside them: libtorch has no container
/// flag, so the flags live here, and compiling hands exactly the weights they make trainable to Keras' optimizer
/// written in libtorch operations (<see cref="KerasOptimizerOnTorch"/>). Every layer's parameters keep
/// <c>requires_grad</c>, so gradients flow through frozen layers and containers to the layers before them, as in Keras.
/// </summary>
internal sealed class KerasModelOnTorch : IDisposable
{
    private readonly TreeDescription _tree;
    private readonly FlatWeights _weights;
    private readonly Dictionary<string, bool> _flags;
    private KerasOptimizerOnTorch? _optimizer;
    private HashSet<string>? _updates;
    private Parameter[] _collected = [];
    private TrainingData? _data;
    private Tensor? _x, _y;

    public KerasModelOnTorch(TreeDescription tree, WeightSet weights)
    {
        weights.CheckFits(tree);
        _tree = tree;
        _flags = tree.Nodes.ToDictionary(n => n.Name, _ => true);
        _weights = new FlatWeights(tree, weights);
    }

    public IReadOnlyList<string> Collected { get; private set; } = [];

    public IReadOnlyDictionary<string, bool> Flags => _flags;

    public void SetTrainable(string node, bool value) => _flags[node] = value;

    /// <summary>
    /// Keras 2.1.6: a node that is not trainable contributes nothing; a container contributes its layers' weights; each weight once.
    /// </summary>
    public IReadOnlyList<string> TrainableWeights() => [.. Walk(_tree.Root).Distinct()];

    /// <summary>
    /// Collects the trainable weights; a compile asking for the same optimizer and rate as the last reuses that
    /// optimizer (its iteration count goes on), and, as Keras 2.1.6's <c>get_updates</c>, starts fresh moments.
    /// </summary>
    public void Compile(Compile compile)
    {
        Collected = TrainableWeights();
        _collected = [.. Collected.Select(n => _weights[n])];
        _updates = null;
        if (_optimizer?.Compile != compile)
        {
            _optimizer?.Dispose();
            _optimizer = new KerasOptimizerOnTorch(compile);
        }

        _optimizer.StartMoments(_collected);
    }

    public void Fit(TrainingData data)
    {
        var optimizer = _optimizer ?? throw new InvalidOperationException("Fit before compile.");
        using var scope = NewDisposeScope();

        // Keras 2 builds the train function, and with it the list of updates, at the first fit after a compile.
        var updates = _updates ??= [.. Walk(_tree.Root).Select(w => w.Split('/')[0]).Where(n => _tree[n] is BatchNormDescription)];
        var loss = Loss(data, (node, input) => Normalize(node, input, updates));

        // The gradients of exactly the collected weights, straight from autograd, instead of every parameter's .grad
        // cleared before and read after a backward pass: the same backward computation, pruned to the paths they need.
        // With nothing collected there is nothing to differentiate, but the step still counts (Keras' iterations).
        optimizer.Step(_collected, _collected.Length > 0 ? autograd.grad([loss], [.. _collected]) : []);
    }

    public (double Loss, WeightSet Gradients) Gradients(TrainingData data)
    {
        using var scope = NewDisposeScope();
        var loss = Loss(data);
        var gradients = _collected.Length > 0 ? autograd.grad([loss], [.. _collected]) : [];
        return (
            loss.item<float>(),
            new WeightSet(Collected.Select((n, i) => KeyValuePair.Create(n, gradients[i].data<float>().ToArray()))));
    }

    /// <summary>
    /// Keras 2's batch normalization in a fit: the learning phase is 1, so always the batch's statistics (biased
    /// variance, ε = 1e-3); the moving statistics move toward them (momentum 0.99) when the layer's updates were
    /// collected, that is when a path of true flags reached it at the first fit after the compile.
    /// </summary>
    private Tensor Normalize(string node, Tensor input, HashSet<string> updates)
    {
        var mean = input.mean([0]);
        var variance = input.var([0], unbiased: false);
        if (updates.Contains(node))
        {
            using var noGrad = no_grad();
            _weights[$"{node}/moving_mean"].mul_(Momentum).add_(mean.detach() * OneMinusMomentum);
            _weights[$"{node}/moving_variance"].mul_(Momentum).add_(variance.detach() * OneMinusMomentum);
        }

        return ((input - mean) / (variance + Epsilon).sqrt()) + _weights[$"{node}/beta"];
    }

    // Batch normalization's constants as native Scalars held for the process: a number passed instead becomes a Scalar
    // that nothing keeps alive during the native call (see TreeForward).
    private static readonly Scalar Momentum = 0.99.ToScalar();
    private static readonly Scalar OneMinusMomentum = 0.01.ToScalar();
    private static readonly Scalar Epsilon = 1e-3.ToScalar();

    /// <summary>Every weight as libtorch holds it now (see <see cref="FlatWeights.Read"/>).</summary>
    public WeightSet Weights() => _weights.Read();

    /// <summary>
    /// Checks that the weights read are still the parameters' (see <see cref="FlatWeights.CheckParametersOverSegments"/>).
    /// </summary>
    public void CheckWeightsStillRead() => _weights.CheckParametersOverSegments();

    public void Dispose()
    {
        _optimizer?.Dispose();
        _weights.Dispose();
        DisposeBatch();
    }

    private Tensor Loss(TrainingData data, Func<string, Tensor, Tensor>? normalize = null)
    {
        // A scenario fits the same batch every time: it goes to libtorch once, and lives as long as the model.
        if (_x is null || _y is null || !ReferenceEquals(_data, data))
        {
            DisposeBatch();
            (_data, _x, _y) = (
                data,
                TreeForward.Batch(data.X, _tree.Width).DetachFromDisposeScope(),
                TreeForward.Batch(data.Y, _tree.Width).DetachFromDisposeScope());
        }

        return nn.functional.mse_loss(TreeForward.Apply(_tree, _tree.Root, _x, n => _weights[n], normalize), _y);
    }

    private void DisposeBatch()
    {
        _x?.Dispose();
        _y?.Dispose();
    }

    private IEnumerable<string> Walk(string node) =>
        !_flags[node] ? [] : _tree[node] switch
        {
            ContainerDescription c => c.Calls.SelectMany(Walk),
            var leaf => TreeDescription.TrainableWeightNamesOf(leaf),
        };
}
