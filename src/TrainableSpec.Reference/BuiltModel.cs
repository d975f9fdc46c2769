using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Reference;

/// <summary>A described tree built as engine objects: the model and each described node's layer by name.</summary>
internal sealed class BuiltModel
{
    private readonly Dictionary<string, Layer> _nodes = [];
    private (Compile Compile, Optimizer Optimizer)? _optimizer;

    private readonly bool _torchOptimizers;

    // Every weight of the tree in ordinal name order, with the values the last observation holds for each.
    private Weight[] _observed = [];
    private ImmutableArray<float>[] _lastValues = [];
    private ImmutableArray<string> _observedNames;
    private WeightSet? _lastObservation;
    private (string Name, Layer Layer)[]? _flagNodes;
    private ImmutableSortedDictionary<string, bool>? _lastFlags;

    private BuiltModel(TreeDescription tree, TrainabilityRule rule, bool torchOptimizers)
    {
        (Tree, _torchOptimizers) = (tree, torchOptimizers);
        Session = new Session(seed: 0, rule);
        foreach (var node in tree.Nodes.Where(n => n.Name != tree.Root))
        {
            Node(node.Name);
        }

        Model = (Model)Build(tree.Root, (input, output) => new Model(input, output, tree.Root));
    }

    public TreeDescription Tree { get; }

    public Session Session { get; }

    public Model Model { get; }

    /// <summary>
    /// Builds <paramref name="tree"/> with <paramref name="weights"/>, checking first that they fit unless the caller's
    /// validation (<c>Scenario.Validated</c>) has just done so.
    /// </summary>
    public static BuiltModel Create(
        TreeDescription tree, WeightSet weights, TrainabilityRule rule, bool torchOptimizers = false, bool weightsChecked = false)
    {
        if (!weightsChecked)
        {
            weights.CheckFits(tree);
        }

        var built = new BuiltModel(tree, rule, torchOptimizers);
        built._observed = [.. tree.Leaves.SelectMany(l => built._nodes[l.Name].Weights)];
        Array.Sort(built._observed, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        built._lastValues = [.. built._observed.Select(w => weights[w.Name])];
        foreach (var (weight, values) in built._observed.Zip(built._lastValues))
        {
            weight.SetValues(values.AsSpan());
        }

        return built;
    }

    /// <summary>
    /// The optimizer a compile asks for: the last one again when the compile repeats its choice, so its state carries over
    /// (unless the rule forgets it at each compile). Adam and AdamW are torch's where the mode says so.
    /// </summary>
    public Optimizer OptimizerFor(Compile compile)
    {
        if (_optimizer is { } last && last.Compile == compile)
        {
            return last.Optimizer;
        }

        Optimizer optimizer = compile.Optimizer switch
        {
            KerasOptimizer.Momentum => new Sgd(compile.LearningRate, Compile.Momentum),
            KerasOptimizer.Nesterov => new Sgd(compile.LearningRate, Compile.Momentum, nesterov: true),
            KerasOptimizer.Adam when _torchOptimizers => new TorchAdam(compile.LearningRate),
            KerasOptimizer.AdamW when _torchOptimizers => new TorchAdam(compile.LearningRate, Compile.WeightDecay),
            KerasOptimizer.Adam => new Adam(compile.LearningRate),
            KerasOptimizer.AdamW => new Adam(compile.LearningRate, Compile.WeightDecay),
            _ => new Sgd(compile.LearningRate),
        };
        _optimizer = (compile, optimizer);
        return optimizer;
    }

    public Weight WeightNamed(string name) =>
        Tree.Leaves.SelectMany(l => _nodes[l.Name].Weights).Single(w => w.Name == name);

    public Layer this[string name] => name == Tree.Root ? Model : _nodes[name];

    /// <summary>
    /// Every node's flag as the rule reads it back, by name, read at every step: a rule (a deliberately wrong one, or a
    /// third party's) may write flags in a compile or a fit, and the read-back property must see it. The last
    /// observation's dictionary is reused when nothing changed, and otherwise only the changed flags are replaced.
    /// </summary>
    public ImmutableSortedDictionary<string, bool> Flags()
    {
        _flagNodes ??= [.. Tree.Nodes.Select(n => n.Name).Order(StringComparer.Ordinal).Select(n => (n, this[n]))];
        if (_lastFlags is { } previous)
        {
            // An assignment changes few flags: only those are replaced in the last observation's dictionary.
            var flags = previous;
            foreach (var (name, layer) in _flagNodes)
            {
                var trainable = layer.Trainable;
                if (previous[name] != trainable)
                {
                    flags = flags.SetItem(name, trainable);
                }
            }

            return _lastFlags = flags;
        }

        var first = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
        foreach (var (name, layer) in _flagNodes)
        {
            first.Add(name, layer.Trainable);
        }

        return _lastFlags = first.ToImmutable();
    }

    /// <summary>
    /// Every weight of the tree as the engine holds it now. Each weight is copied once, and only when its bits differ from
    /// the last observation's (the scenario's initial weights at first): an unchanged weight shares the last observation's
    /// array, and when none changed the last observation itself is returned, which holds exactly these bits.
    /// </summary>
    public WeightSet Weights()
    {
        var changed = _lastObservation is null;
        for (var i = 0; i < _observed.Length; i++)
        {
            var now = _observed[i].AsSpan();
            if (!MemoryMarshal.Cast<float, int>(now).SequenceEqual(MemoryMarshal.Cast<float, int>(_lastValues[i].AsSpan())))
            {
                _lastValues[i] = ImmutableCollectionsMarshal.AsImmutableArray(now.ToArray());
                changed = true;
            }
        }

        if (changed)
        {
            // The names are the same array every time; the values array is this observation's own.
            _observedNames = _observedNames.IsDefault ? [.. _observed.Select(w => w.Name)] : _observedNames;
            _lastObservation = WeightSet.Create(_observedNames, [.. _lastValues]);
        }

        return _lastObservation!;
    }

    private Layer Node(string name) =>
        _nodes.TryGetValue(name, out var layer) ? layer : _nodes[name] = Tree[name] switch
        {
            DenseDescription d => new Dense(Tree.Width, ToEngine(d.Activation), d.UseBias, d.Name),
            BatchNormDescription bn => new BatchNormalization(bn.Name),
            _ => Build(name, (input, output) => new Container(input, output, name)),
        };

    private Container Build(string name, Func<Tensor, Tensor, Container> create)
    {
        var input = Session.Input(Tree.Width);
        var output = ((ContainerDescription)Tree[name]).Calls.Aggregate(input, (tensor, call) => Node(call).Call(tensor));
        return create(input, output);
    }

    private static Activation ToEngine(ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => Activation.Sigmoid,
        ActivationKind.Tanh => Activation.Tanh,
        _ => Activation.Linear,
    };
}
