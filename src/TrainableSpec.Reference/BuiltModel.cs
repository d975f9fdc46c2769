using TrainableSpec.Engine;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Reference;

/// <summary>A described tree built as engine objects: the model and each described node's layer by name.</summary>
internal sealed class BuiltModel
{
    private readonly Dictionary<string, Layer> _nodes = [];
    private (Compile Compile, Optimizer Optimizer)? _optimizer;

    private readonly bool _torchOptimizers;

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

    public static BuiltModel Create(TreeDescription tree, WeightSet weights, TrainabilityRule rule, bool torchOptimizers = false)
    {
        weights.CheckFits(tree);
        var built = new BuiltModel(tree, rule, torchOptimizers);
        foreach (var layer in tree.Leaves)
        {
            built._nodes[layer.Name].SetWeights([.. TreeDescription.WeightNamesOf(layer).Select(n => weights[n].ToArray())]);
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

    public IEnumerable<(string Name, bool Trainable)> Flags => Tree.Nodes.Select(n => (n.Name, this[n.Name].Trainable));

    public WeightSet Weights() =>
        new(Tree.Leaves.SelectMany(l => _nodes[l.Name].Weights).Select(w => KeyValuePair.Create(w.Name, w.ToArray())));

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
