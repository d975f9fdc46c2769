using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles.PyTorch;
using static TrainableSpec.Specification.Profiles.ProfilePolicies;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// One framework's freezing rule as an oracle: for any scenario, what each script step must show. Every profile
/// reads the same scripts (assign a node's flag, compile, fit) as the operations its framework offers for them,
/// through one fold over the script; the frameworks differ only in the policies it consults (what the setter writes,
/// which weights the flags make trainable, how often the compile lists a shared weight, when they take effect, when
/// batch statistics move, warning, refusal, how the optimizer keys its state, whether each compile builds a new one).
/// The seven are in <see cref="FrameworkProfiles"/>, each with the sources it is read from.
/// </summary>
public sealed class FrameworkProfile
{
    private readonly ProfilePolicies _policies;

    internal FrameworkProfile(
        string name, string framework, string operations, ProfilePolicies policies, bool keepsOptimizerStateAcrossCompiles = true)
    {
        (Name, Framework, Operations, _policies) = (name, framework, operations, policies);
        KeepsOptimizerStateAcrossCompiles = keepsOptimizerStateAcrossCompiles;
    }

    /// <summary>The profile's name, such as <c>keras-2.1.6</c>.</summary>
    public string Name { get; }

    /// <summary>The rule in one sentence, for the profile matrix: the phrases of its policies.</summary>
    public string Rule => _policies.Sentence;

    /// <summary>What the script's operations are in this framework, for the profile matrix.</summary>
    public string Operations { get; }

    /// <summary>Whether the framework lets a script assign one variable's flag (<see cref="SetVariableTrainable"/>).</summary>
    public bool OffersVariableFlags => _policies.OffersVariableFlags;

    /// <summary>
    /// Whether an optimizer that consecutive compiles reuse keeps the state (velocities, moments) it built for each
    /// weight. Keras 2 does not: each compile's train function builds fresh moments (keras/optimizers.py 2.1.6,
    /// <c>SGD.get_updates</c> and <c>Adam.get_updates</c>: <c>K.zeros(shape)</c> per parameter), though the iteration
    /// count, created with the optimizer, goes on.
    /// </summary>
    public bool KeepsOptimizerStateAcrossCompiles { get; }

    /// <summary>
    /// Whether the optimizer keys its state by the position in the step's list rather than by weight, and steps each
    /// entry of the list, a weight listed twice twice (TensorFlow.js: <c>MomentumOptimizer.applyGradients</c>,
    /// <c>this.accumulations[i]</c>; see <see cref="FrameworkProfiles.Tfjs422"/>).
    /// </summary>
    public bool KeepsOptimizerStateByPosition => _policies.State == OptimizerState.ByPosition;

    /// <summary>
    /// Whether each compile builds a new optimizer, so that no state (velocities, moments, step counts) outlives a
    /// compile, even one asking for the same optimizer as the last: PyTorch's <c>opt = torch.optim.SGD([p for p in
    /// model.parameters() if p.requires_grad], lr)</c> at every compile. A refused compile builds nothing and the last
    /// optimizer stays. Where false, consecutive compiles asking for the same optimizer and rate reuse one optimizer
    /// (<see cref="Compile"/>).
    /// </summary>
    public bool RebuildsOptimizerAtEachCompile => _policies.RebuildsOptimizer;

    /// <summary>
    /// Whether the script's optimizers follow torch.optim's formulas instead of Keras' (see
    /// <see cref="Oracles.TorchUpdateOracle"/>): Adam counts its steps per parameter, and adds ε after the bias correction.
    /// </summary>
    public bool UsesTorchOptimizers => _policies.TorchOptimizers;

    /// <summary>Whether layers and containers have a flag of their own to read back (PyTorch's modules have none).</summary>
    public bool HasLayerFlags => _policies.Setter != SetterWrites.RequiresGradBelow;

    /// <summary>The framework's name in messages, such as "Keras 2".</summary>
    private string Framework { get; }

    /// <summary>Whether every step of <paramref name="scenario"/> is an operation this framework offers.</summary>
    public bool Offers(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return OffersVariableFlags || !scenario.Script.Any(s => s is SetVariableTrainable);
    }

    /// <summary>The prediction for each step of <paramref name="scenario"/>'s script.</summary>
    /// <exception cref="InvalidDescriptionException">A step this framework does not offer, or a fit before any compile.</exception>
    /// <remarks>
    /// Where the framework refuses a compile with nothing to collect, that compile's prediction is
    /// <see cref="Prediction.Refused"/> with nothing collected, and the last optimizer stays; a fit after compiles
    /// that were all refused has no optimizer to step and is refused before the forward pass (<c>opt</c> is still
    /// None: <c>opt.zero_grad()</c> raises).
    /// </remarks>
    public ImmutableArray<Prediction> Predict(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var tree = scenario.Tree;
        var index = TreeIndex.Of(tree);
        var (flags, variables) = (index.AllFlags, index.AllVariables);
        ImmutableSortedSet<string>? collected = null;
        ImmutableArray<string> list = [];
        var refusedCompiles = false;
        ImmutableSortedSet<string>? gatedStatistics = null;
        var compiledFlags = flags;
        // By position: whether the state at each position of the optimizer's list was made for a matrix (a kernel); made
        // with each new optimizer, and only where the state is kept by position (the one place it is read).
        List<bool>? stateShapes = null;
        Compile? optimizer = null;
        var predictions = ImmutableArray.CreateBuilder<Prediction>(scenario.Script.Length);
        var trainable = new TrainableMemo(this, index);
        var read = new ReadMemo(this, index);
        foreach (var step in scenario.Script)
        {
            switch (step)
            {
                case SetTrainable set:
                    (flags, variables) = Assign(tree, flags, variables, set);
                    predictions.Add(new Prediction(read.Of(flags, variables), null, null, []));
                    break;
                case SetVariableTrainable variable:
                    variables = OffersVariableFlags ? variables.SetItem(variable.Weight, variable.Value) : throw NotOffered(variable);
                    predictions.Add(new Prediction(read.Of(flags, variables), null, null, []));
                    break;
                case Compile compile:
                    ImmutableArray<string> candidates = _policies.Collects == CompileCollects.EveryParameter
                        ? index.VariableNames(variables) // torch's optimizer holds every parameter, whatever requires grad
                        : List(trainable, flags, variables);
                    if (candidates.IsEmpty && _policies.Collects == CompileCollects.TrainableRefusingNone)
                    {
                        // The optimizer's constructor raises, so the assignment never happens: the last optimizer stays.
                        refusedCompiles = true;
                        predictions.Add(new Prediction(read.Of(flags, variables), [], null, [], Refused: true));
                        break;
                    }

                    list = candidates;
                    collected = Collected(trainable, flags, variables, list);
                    (compiledFlags, gatedStatistics) = (flags, null);
                    if (compile != optimizer)
                    {
                        // A compile asking for another optimizer makes a new one, without state (see Compile).
                        (optimizer, stateShapes) = (compile, KeepsOptimizerStateByPosition ? [] : null);
                    }

                    predictions.Add(new Prediction(read.Of(flags, variables), collected, null, []) { CollectedList = list });
                    break;
                case Fit when collected is null && refusedCompiles:
                    // Every compile so far was refused: there is no optimizer, and zero_grad on None raises first.
                    predictions.Add(new Prediction(read.Of(flags, variables), null, null, [], Refused: true));
                    break;
                case Fit:
                    var atCompile = collected ?? throw new InvalidDescriptionException("A fit comes before any compile.");
                    var moving = _policies.Timing switch
                    {
                        FitTrains.CollectedLessFrozenVariables =>
                            atCompile.Where(w => variables[w]).ToImmutableSortedSet(StringComparer.Ordinal),
                        FitTrains.CurrentFlags => trainable.Of(flags, variables),
                        // Restoring the compile's flags trains what it collected; the two differ only in the statistics.
                        _ => atCompile,
                    };
                    var refused = _policies.Refuses switch
                    {
                        Refusal.Never => false,
                        // backward raises when no parameter requires grad, whatever the optimizer holds.
                        Refusal.AfterForwardPass => trainable.Of(flags, variables).IsEmpty,
                        _ => moving.IsEmpty,
                    };
                    int? throwsAt = null;
                    if (KeepsOptimizerStateByPosition && !refused && optimizer!.Optimizer != KerasOptimizer.Sgd)
                    {
                        (moving, throwsAt) = StepByPosition(list, variables, stateShapes!);
                    }

                    var warning = Warning(trainable, flags, variables, atCompile, list);
                    // Without batch normalizations there are no statistics to move, whatever opens them.
                    if (_policies.Statistics == StatisticsMove.OpenAtFirstFitAfterCompile && index.HasBatchNorms)
                    {
                        gatedStatistics ??= TrainabilityOracle.OpenBatchNorms(tree, flags);
                    }

                    var statistics = (refused && _policies.Refuses == Refusal.BeforeForwardPass) || !index.HasBatchNorms
                        ? []
                        : tree.StatisticNames(tree.BatchNorms.Select(bn => bn.Name).Where(bn => _policies.Statistics switch
                        {
                            StatisticsMove.OpenAtFirstFitAfterCompile => gatedStatistics!.Contains(bn),
                            StatisticsMove.OwnFlagAtCompile => compiledFlags[bn],
                            StatisticsMove.OwnFlagAtFit => flags[bn],
                            _ => true,
                        }));
                    // Without batch normalizations there are no statistics, and the union is the moving set itself.
                    var all = index.HasBatchNorms ? moving.Union(statistics) : moving;
                    predictions.Add(new Prediction(read.Of(flags, variables), null, warning, all, refused || throwsAt is not null)
                    {
                        ThrowsAtPosition = throwsAt,
                    });
                    break;
            }
        }

        return predictions.MoveToImmutable();
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private (ImmutableSortedDictionary<string, bool> Flags, ImmutableSortedDictionary<string, bool> Variables) Assign(
        TreeDescription tree,
        ImmutableSortedDictionary<string, bool> flags,
        ImmutableSortedDictionary<string, bool> variables,
        SetTrainable set)
    {
        static ImmutableSortedDictionary<string, bool> Write(ImmutableSortedDictionary<string, bool> d, IEnumerable<string> keys, bool v) =>
            keys.Aggregate(d, (current, key) => current.SetItem(key, v));
        // An unknown node throws here whatever the setter; only the setters that write below it walk there.
        var node = tree[set.Node];
        string[] below = _policies.Setter is SetterWrites.SelfAndBelow or SetterWrites.SelfAndBelowWithVariables
            ? [.. SelfAndBelow(tree, node.Name)]
            : [];
        return _policies.Setter switch
        {
            SetterWrites.OwnFlag => (flags.SetItem(set.Node, set.Value), variables),
            SetterWrites.SelfAndBelow => (Write(flags, below, set.Value), variables),
            SetterWrites.SelfAndBelowWithVariables =>
                (Write(flags, below, set.Value), Write(variables, below.SelectMany(n => OwnWeights(tree, n)), set.Value)),
            SetterWrites.ChildrenVariables => (
                flags.SetItem(set.Node, set.Value),
                Write(
                    variables,
                    tree[set.Node] is ContainerDescription c
                        ? c.Calls.SelectMany(call => OwnWeights(tree, call))
                        : OwnWeights(tree, set.Node),
                    set.Value)),
            _ => (flags, Write(variables, PyTorchOracle.WeightsBelow(tree, set.Node), set.Value)),
        };
    }

    /// <summary>
    /// One step under state by position (<see cref="ProfilePolicies.OptimizerState.ByPosition"/>, an optimizer with
    /// state): each entry of the compile's list in order gets the state of its position, made for the weight first
    /// there; an entry whose variable is frozen now has a null gradient and is skipped; an entry whose shape differs from
    /// its position's state throws, the entries before it having stepped (tfjs-core/src/optimizers/momentum_optimizer.ts
    /// and adam_optimizer.ts, <c>applyGradients</c>; tfjs-core/src/tensor.ts, <c>Variable.assign</c>).
    /// </summary>
    private static (ImmutableSortedSet<string> Stepped, int? ThrowsAt) StepByPosition(
        ImmutableArray<string> list, ImmutableSortedDictionary<string, bool> variables, List<bool> stateShapes)
    {
        var stepped = ImmutableSortedSet.CreateBuilder<string>(StringComparer.Ordinal);
        for (var position = 0; position < list.Length; position++)
        {
            var weight = list[position];
            if (position == stateShapes.Count)
            {
                stateShapes.Add(IsMatrix(weight));
            }

            if (!variables[weight])
            {
                continue;
            }

            if (stateShapes[position] != IsMatrix(weight))
            {
                return (stepped.ToImmutable(), position);
            }

            stepped.Add(weight);
        }

        return (stepped.ToImmutable(), null);
    }

    /// <summary>Whether a weight is a kernel (a matrix) rather than a vector: what state by position tells apart.</summary>
    internal static bool IsMatrix(string weight) => weight.EndsWith("/kernel", StringComparison.Ordinal);

    private StaleWarning? Warning(
        TrainableMemo trainable,
        ImmutableSortedDictionary<string, bool> flags,
        ImmutableSortedDictionary<string, bool> variables,
        ImmutableSortedSet<string> atCompile,
        ImmutableArray<string> list)
    {
        switch (_policies.Warns)
        {
            case StaleWarnings.NamingTheWeights:
                var now = trainable.Of(flags, variables);
                return SortedSets.SetEquals(now, atCompile) ? null : new StaleWarning(now.Except(atCompile), atCompile.Except(now));
            case StaleWarnings.WhenCountsDiffer:
                return List(trainable, flags, variables).Length == list.Length ? null : StaleWarning.ByCount;
            default:
                return null;
        }
    }

    /// <summary>
    /// The list a compile collects now: the trainable weights, each once in name order; or, where a container lists a
    /// shared weight again (<see cref="ProfilePolicies.SharedWeightListed.OncePerContainer"/>), in the framework's order:
    /// nothing below a node whose flag is false, a container's distinct calls in the order of their first call, a
    /// layer's weights whose variable flag is true (tfjs-layers/src/engine/container.ts, <c>Container.trainableWeights</c>;
    /// topology.ts, <c>Layer.trainableWeights</c>).
    /// </summary>
    private ImmutableArray<string> List(
        TrainableMemo trainable, ImmutableSortedDictionary<string, bool> flags, ImmutableSortedDictionary<string, bool> variables)
    {
        if (_policies.Listing == SharedWeightListed.Once)
        {
            return [.. trainable.Of(flags, variables)];
        }

        var index = trainable.Index;
        var listed = ImmutableArray.CreateBuilder<string>();

        void Walk(int node)
        {
            if (!flags[index.Names[node]])
            {
                return;
            }

            if (index.Calls[node] is { } calls)
            {
                for (var c = 0; c < calls.Length; c++)
                {
                    // A container's distinct calls in the order of their first call.
                    if (Array.IndexOf(calls, calls[c], 0, c) < 0)
                    {
                        Walk(calls[c]);
                    }
                }

                return;
            }

            foreach (var weight in index.TrainableWeights[node])
            {
                if (variables[weight])
                {
                    listed.Add(weight);
                }
            }
        }

        Walk(index.Root);
        return listed.DrainToImmutable();
    }

    /// <summary>
    /// The set of a compile's <paramref name="list"/>: where the list is the trainable set in its order and that set
    /// orders as a collection expression does, that set itself, so that the fits after the compile with no flag changed
    /// find it the very set they compare with; otherwise the list's names, set anew.
    /// </summary>
    private ImmutableSortedSet<string> Collected(
        TrainableMemo trainable,
        ImmutableSortedDictionary<string, bool> flags,
        ImmutableSortedDictionary<string, bool> variables,
        ImmutableArray<string> list) =>
        _policies.Collects != CompileCollects.EveryParameter && _policies.Listing == SharedWeightListed.Once
            && trainable.Of(flags, variables) is var set && set.KeyComparer == Comparer<string>.Default
            ? set
            : [.. list];

    private ImmutableSortedSet<string> Trainable(
        TreeIndex index, ImmutableSortedDictionary<string, bool> flags, ImmutableSortedDictionary<string, bool> variables) =>
        _policies.Trainable switch
        {
            TrainableWhen.AndAlongAPath => TrainabilityOracle.TrainableWeights(index.Tree, flags),
            TrainableWhen.AndAlongAPathAndVariable => TrainabilityOracle.TrainableWeights(index.Tree, flags)
                .Where(w => variables[w]).ToImmutableSortedSet(StringComparer.Ordinal),
            TrainableWhen.RootAndVariable => flags[index.Tree.Root] ? Set(index, variables) : [],
            _ => Set(index, variables),
        };

    /// <summary>
    /// <see cref="Trainable"/> for one scenario, computed once per assignment of flags: a compile and the fits after it
    /// with no flag changed between them (an unchanged assignment keeps its dictionaries, so identity tells), and the
    /// several policies one fit consults, share one set.
    /// </summary>
    private sealed class TrainableMemo(FrameworkProfile profile, TreeIndex index)
    {
        private (ImmutableSortedDictionary<string, bool> Flags, ImmutableSortedDictionary<string, bool> Variables,
            ImmutableSortedSet<string> Set)? _last;

        public TreeIndex Index => index;

        public ImmutableSortedSet<string> Of(
            ImmutableSortedDictionary<string, bool> flags, ImmutableSortedDictionary<string, bool> variables)
        {
            if (_last is not { } last || !ReferenceEquals(last.Flags, flags) || !ReferenceEquals(last.Variables, variables))
            {
                last = (flags, variables, profile.Trainable(index, flags, variables));
                _last = last;
            }

            return last.Set;
        }
    }

    /// <summary>
    /// The flags a step reads back, for one scenario: a layer's own flag where the framework has layer flags; otherwise
    /// (PyTorch's modules have no flag) whether every parameter below the node requires grad, computed once per
    /// assignment of the variables (an unchanged assignment keeps its dictionary, so identity tells); while the
    /// variables are still the tree's all-true start (<see cref="TreeIndex.AllVariables"/> itself), every node reads
    /// true, the tree's all-true flags.
    /// </summary>
    private sealed class ReadMemo(FrameworkProfile profile, TreeIndex index)
    {
        private (ImmutableSortedDictionary<string, bool> Variables, ImmutableSortedDictionary<string, bool> Flags)? _last;

        public ImmutableSortedDictionary<string, bool> Of(
            ImmutableSortedDictionary<string, bool> flags, ImmutableSortedDictionary<string, bool> variables)
        {
            if (profile.HasLayerFlags)
            {
                return flags;
            }

            if (ReferenceEquals(variables, index.AllVariables))
            {
                return index.AllFlags;
            }

            if (_last is not { } last || !ReferenceEquals(last.Variables, variables))
            {
                last = (variables, RequiresGradBelow(variables));
                _last = last;
            }

            return last.Flags;
        }

        // Each node once, below before above (PyTorchOracle.WeightsBelow's weights: a layer's own, a container's calls').
        private ImmutableSortedDictionary<string, bool> RequiresGradBelow(ImmutableSortedDictionary<string, bool> variables)
        {
            var below = new bool?[index.Names.Length];

            bool All(int node)
            {
                if (below[node] is { } known)
                {
                    return known;
                }

                var all = true;
                if (index.Calls[node] is { } calls)
                {
                    foreach (var call in calls)
                    {
                        all &= All(call);
                    }
                }
                else
                {
                    foreach (var weight in index.TrainableWeights[node])
                    {
                        all &= variables[weight];
                    }
                }

                below[node] = all;
                return all;
            }

            var read = ImmutableSortedDictionary.CreateBuilder<string, bool>(StringComparer.Ordinal);
            for (var node = 0; node < index.Names.Length; node++)
            {
                read.Add(index.Names[node], All(node));
            }

            return read.ToImmutable();
        }
    }

    private InvalidDescriptionException NotOffered(SetVariableTrainable step) =>
        new($"{Framework} offers no per-variable trainable flag, but a step is {step}; freeze the layer instead.");

    // While the variables are still the tree's all-true start, the set of them all (made once per index).
    private static ImmutableSortedSet<string> Set(TreeIndex index, ImmutableSortedDictionary<string, bool> variables) =>
        ReferenceEquals(variables, index.AllVariables)
            ? index.AllVariableSet
            : variables.Where(v => v.Value).Select(v => v.Key).ToImmutableSortedSet(StringComparer.Ordinal);

    private static IEnumerable<string> SelfAndBelow(TreeDescription tree, string node) =>
        tree[node] is ContainerDescription c ? [node, .. c.Calls.SelectMany(call => SelfAndBelow(tree, call))] : [node];

    private static IEnumerable<string> OwnWeights(TreeDescription tree, string node) => TreeDescription.TrainableWeightNamesOf(tree[node]);
}
