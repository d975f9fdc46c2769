using TorchSharp.Modules;
using TrainableSpec.Specification.Descriptions;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// A described tree as libtorch parameters, with Keras 2.1.6's flags kept beside them: libtorch has no container
/// flag, so the flags live here, and compiling hands exactly the weights they make trainable to Keras' optimizer
/// written in libtorch operations (<see cref="KerasOptimizerOnTorch"/>). Every layer's parameters keep <c>requires_grad</c>, so gradients flow through frozen
/// layers and containers to the layers before them, as in Keras.
/// </summary>
internal sealed class KerasModelOnTorch : IDisposable
{
    private readonly TreeDescription _tree;
    private readonly Dictionary<string, Parameter> _weights;
    private readonly Dictionary<string, bool> _flags;
    private KerasOptimizerOnTorch? _optimizer;

    public KerasModelOnTorch(TreeDescription tree, WeightSet weights)
    {
        weights.CheckFits(tree);
        _tree = tree;
        _flags = tree.Nodes.ToDictionary(n => n.Name, _ => true);
        _weights = TreeForward.Parameters(tree, weights);
    }

    public IReadOnlyList<string> Collected { get; private set; } = [];

    public IReadOnlyDictionary<string, bool> Flags => _flags;

    public void SetTrainable(string node, bool value) => _flags[node] = value;

    /// <summary>Keras 2.1.6: a node that is not trainable contributes nothing; a container contributes its layers' weights; each weight once.</summary>
    public IReadOnlyList<string> TrainableWeights() => [.. Walk(_tree.Root).Distinct()];

    /// <summary>
    /// Collects the trainable weights; a compile asking for the same optimizer and rate as the last reuses that
    /// optimizer (its iteration count goes on), and, as Keras 2.1.6's <c>get_updates</c>, starts fresh moments.
    /// </summary>
    public void Compile(Compile compile)
    {
        Collected = TrainableWeights();
        if (_optimizer?.Compile != compile)
        {
            _optimizer?.Dispose();
            _optimizer = new KerasOptimizerOnTorch(compile);
        }

        _optimizer.StartMoments(CollectedParameters);
    }

    public void Fit(TrainingData data)
    {
        var optimizer = _optimizer ?? throw new InvalidOperationException("Fit before compile.");
        using var scope = NewDisposeScope();
        foreach (var weight in _weights.Values)
        {
            weight.grad = null;
        }

        Loss(data).backward();
        optimizer.Step(CollectedParameters);
    }

    public (double Loss, WeightSet Gradients) Gradients(TrainingData data)
    {
        using var scope = NewDisposeScope();
        foreach (var weight in _weights.Values)
        {
            weight.grad = null;
        }

        var loss = Loss(data);
        loss.backward();
        return (loss.item<float>(), new WeightSet(Collected.Select(n => KeyValuePair.Create(n, _weights[n].grad!.data<float>().ToArray()))));
    }

    private IEnumerable<(string Name, Parameter Parameter)> CollectedParameters => Collected.Select(n => (n, _weights[n]));

    public WeightSet Weights() => new(_weights.Select(w => KeyValuePair.Create(w.Key, w.Value.data<float>().ToArray())));

    public void Dispose()
    {
        _optimizer?.Dispose();
        foreach (var weight in _weights.Values)
        {
            weight.Dispose();
        }
    }

    private Tensor Loss(TrainingData data)
    {
        var x = TreeForward.Batch(data.X, _tree.Width);
        var y = TreeForward.Batch(data.Y, _tree.Width);
        return nn.functional.mse_loss(TreeForward.Apply(_tree, _tree.Root, x, n => _weights[n]), y);
    }

    private IEnumerable<string> Walk(string node) =>
        !_flags[node] ? [] : _tree[node] switch
        {
            ContainerDescription c => c.Calls.SelectMany(Walk),
            DenseDescription d => TreeDescription.WeightNamesOf(d),
            _ => [],
        };
}
