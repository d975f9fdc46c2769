using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Reference;

/// <summary>A described tree built as engine objects: the model and each described node's layer by name.</summary>
/// <remarks>
/// Built once per scenario and read after every step, so it keeps what each read needs in arrays: the nodes by their
/// position in the tree (the root's holding the model), the weights in the order of the scenario's names.
/// </remarks>
internal sealed class BuiltModel
{
    private readonly ImmutableArray<NodeDescription> _descriptions;
    private readonly Layer[] _layers;
    private readonly bool _torchOptimizers;
    private (Compile Compile, Optimizer Optimizer)? _optimizer;

    // Every weight of the tree in ordinal name order, with the values the last observation holds for each.
    private Weight[] _observed = [];
    private ImmutableArray<float>[] _lastValues = [];
    private ImmutableArray<string> _observedNames;
    private WeightSet? _lastObservation;

    // The flags the last observation holds, by node position (never written once observed), and the flags read now.
    private bool[]? _lastFlags;
    private bool[]? _flagsNow;

    private BuiltModel(TreeDescription tree, TrainabilityRule rule, bool torchOptimizers)
    {
        (Tree, _torchOptimizers) = (tree, torchOptimizers);
        // Every weight is assigned from the scenario at once, so the session draws no initial values.
        Session = new Session(seed: 0, rule, initialisesWeights: false);
        _descriptions = tree.Nodes;
        _layers = new Layer[_descriptions.Length];
        var root = IndexOf(tree.Root);
        for (var i = 0; i < _layers.Length; i++)
        {
            if (i != root)
            {
                Node(i);
            }
        }

        Model = (Model)Build(root, model: true);
        _layers[root] = Model;
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
        if (!built.ObserveAsNamed(weights))
        {
            built.ObserveByEngineNames(weights);
        }

        // Checked above (or by the caller) to be finite and of the weight's size: copied without checking again.
        for (var i = 0; i < built._observed.Length; i++)
        {
            built._lastValues[i].AsSpan().CopyTo(built._observed[i].Values);
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
        Find(name) ?? throw new InvalidOperationException($"The built tree has no weight named '{name}'.");

    public Layer this[string name] =>
        IndexOf(name) is var i and >= 0 ? _layers[i] : throw new KeyNotFoundException($"The built tree has no node named '{name}'.");

    /// <summary>The names of <paramref name="weights"/>, in their order, as the scenario names them.</summary>
    public ImmutableArray<string> NamesOf(IReadOnlyList<Weight> weights)
    {
        if (weights.Count == 0)
        {
            return [];
        }

        var names = new string[weights.Count];
        for (var i = 0; i < names.Length; i++)
        {
            // A linear search by identity: a tree has a few dozen weights at most.
            var at = Array.IndexOf(_observed, weights[i]);
            names[i] = at >= 0 ? _observedNames[at] : weights[i].Name;
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(names);
    }

    /// <summary>
    /// Every node's flag as the rule reads it back, by node position, read at every step: a rule (a deliberately wrong one,
    /// or a third party's) may write flags in a compile or a fit, and the read-back property must see it. The last
    /// observation's array is returned again when no flag changed.
    /// </summary>
    public ImmutableArray<bool> Flags()
    {
        var layers = _layers;
        var now = _flagsNow ??= new bool[layers.Length];
        for (var i = 0; i < layers.Length; i++)
        {
            now[i] = layers[i].Trainable;
        }

        if (_lastFlags is null || !now.AsSpan().SequenceEqual(_lastFlags))
        {
            // A copy: the last observation keeps its own array.
            _lastFlags = now.AsSpan().ToArray();
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(_lastFlags);
    }

    /// <summary>
    /// Every weight of the tree as the engine holds it now. Each weight is copied once, and only when its bits differ from
    /// the last observation's (the scenario's initial weights at first): an unchanged weight shares the last observation's
    /// array, and when none changed the last observation itself is returned, which holds exactly these bits — at first
    /// the scenario's own set, when the engine reads back what it was given and names the weights as the scenario does.
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
            var values = new ImmutableArray<float>[_lastValues.Length];
            _lastValues.CopyTo(values, 0);
            _lastObservation = WeightSet.Create(_observedNames, ImmutableCollectionsMarshal.AsImmutableArray(values));
        }

        return _lastObservation!;
    }

    // The scenario's names, in its order, each found as its layer's weight of that role; false when one is not there
    // (a layer the model never calls has no weights), and the engine's own names are taken instead.
    private bool ObserveAsNamed(WeightSet weights)
    {
        if (weights.Names is not ImmutableArray<string> names || names.Length != EngineWeightCount())
        {
            // Not every engine weight is one the scenario names (an engine that made a weight the description does not
            // have): observed by the engine's own names, so that weight is observed too.
            return false;
        }

        var observed = new Weight[names.Length];
        var values = new ImmutableArray<float>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (Find(names[i]) is not { } weight)
            {
                return false;
            }

            (observed[i], values[i]) = (weight, weights[names[i]]);
        }

        (_observed, _lastValues, _observedNames, _lastObservation) = (observed, values, names, weights);
        return true;
    }

    private int EngineWeightCount()
    {
        var count = 0;
        for (var i = 0; i < _descriptions.Length; i++)
        {
            count += _descriptions[i] is ContainerDescription ? 0 : _layers[i].OwnWeights.Length;
        }

        return count;
    }

    private void ObserveByEngineNames(WeightSet weights)
    {
        var observed = new List<Weight>();
        for (var i = 0; i < _descriptions.Length; i++)
        {
            if (_descriptions[i] is not ContainerDescription)
            {
                observed.AddRange(_layers[i].Weights);
            }
        }

        _observed = [.. observed];
        Array.Sort(_observed, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        _lastValues = [.. _observed.Select(w => weights[w.Name])];
        _observedNames = [.. _observed.Select(w => w.Name)];
    }

    // A weight named {layer}/{role}: the layer's weight of that role, found without making a string.
    private Weight? Find(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return null;
        }

        var node = IndexOf(name.AsSpan(0, slash));
        if (node < 0 || _descriptions[node] is ContainerDescription)
        {
            return null;
        }

        var role = name.AsSpan(slash + 1);
        var weights = _layers[node].OwnWeights;
        for (var w = 0; w < weights.Length; w++)
        {
            if (role.SequenceEqual(weights[w].Role))
            {
                return weights[w];
            }
        }

        return null;
    }

    // A script's and a container's names are usually the tree's own strings, found by reference before any is compared.
    private int IndexOf(string name)
    {
        for (var i = 0; i < _descriptions.Length; i++)
        {
            if (ReferenceEquals(_descriptions[i].Name, name))
            {
                return i;
            }
        }

        return IndexOf(name.AsSpan());
    }

    // A linear search: a tree has a few dozen nodes.
    private int IndexOf(ReadOnlySpan<char> name)
    {
        for (var i = 0; i < _descriptions.Length; i++)
        {
            if (name.SequenceEqual(_descriptions[i].Name))
            {
                return i;
            }
        }

        return -1;
    }

    private Layer Node(int index) =>
        _layers[index] ??= _descriptions[index] switch
        {
            DenseDescription d => new Dense(Tree.Width, ToEngine(d.Activation), d.UseBias, d.Name),
            BatchNormDescription bn => new BatchNormalization(bn.Name),
            _ => Build(index, model: false),
        };

    private Container Build(int index, bool model)
    {
        var description = (ContainerDescription)_descriptions[index];
        var input = Session.Input(Tree.Width);
        var output = input;
        foreach (var call in description.Calls)
        {
            output = Node(IndexOf(call)).Call(output);
        }

        return model ? new Model(input, output, description.Name) : new Container(input, output, description.Name);
    }

    private static Activation ToEngine(ActivationKind kind) => kind switch
    {
        ActivationKind.Sigmoid => Activation.Sigmoid,
        ActivationKind.Tanh => Activation.Tanh,
        _ => Activation.Linear,
    };
}
