using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// One framework's freezing rule as an oracle: for any scenario, what each script step must show. Every profile
/// reads the same scripts (assign a node's flag, compile, fit) as the operations its framework offers for them.
/// </summary>
public abstract class FrameworkProfile
{
    private protected FrameworkProfile()
    {
    }

    /// <summary>The profile's name, such as <c>keras-2.1.6</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The rule in one sentence, for the profile matrix.</summary>
    public abstract string Rule { get; }

    /// <summary>What the script's operations are in this framework, for the profile matrix.</summary>
    public virtual string Operations => "node.trainable = v; model.compile(...); model.fit(...)";

    /// <summary>Whether the framework lets a script assign one variable's flag (<see cref="SetVariableTrainable"/>).</summary>
    public virtual bool OffersVariableFlags => false;

    /// <summary>Whether every step of <paramref name="scenario"/> is an operation this framework offers.</summary>
    public bool Offers(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return OffersVariableFlags || !scenario.Script.Any(s => s is SetVariableTrainable);
    }

    /// <summary>
    /// Whether an optimizer that consecutive compiles reuse keeps the state (velocities, moments) it built for each
    /// weight. Keras 2 does not: each compile's train function builds fresh moments (keras/optimizers.py 2.1.6,
    /// <c>SGD.get_updates</c> and <c>Adam.get_updates</c>: <c>K.zeros(shape)</c> per parameter), though the iteration
    /// count, created with the optimizer, goes on.
    /// </summary>
    public virtual bool KeepsOptimizerStateAcrossCompiles => true;

    /// <summary>Whether layers and containers have a flag of their own to read back (PyTorch's modules have none).</summary>
    public virtual bool HasLayerFlags => true;

    /// <summary>The prediction for each step of <paramref name="scenario"/>'s script.</summary>
    public abstract ImmutableArray<Prediction> Predict(Scenario scenario);

    /// <inheritdoc />
    public override string ToString() => Name;

    /// <summary>Every node's flag, true, as a tree starts.</summary>
    private protected static ImmutableSortedDictionary<string, bool> AllTrue(TreeDescription tree) =>
        tree.Nodes.ToImmutableSortedDictionary(n => n.Name, _ => true, StringComparer.Ordinal);

    /// <summary>Every weight's variable flag, true, as a tree starts.</summary>
    private protected static ImmutableSortedDictionary<string, bool> AllWeightsTrue(TreeDescription tree) =>
        tree.TrainableWeightNames.ToImmutableSortedDictionary(n => n, _ => true, StringComparer.Ordinal);

    /// <summary>The node and every node below it, each once.</summary>
    private protected static IEnumerable<string> SelfAndBelow(TreeDescription tree, string node) =>
        tree[node] is ContainerDescription c ? [node, .. c.Calls.SelectMany(call => SelfAndBelow(tree, call))] : [node];

    /// <summary>The trainable variables a node owns itself: a dense layer's, a batch normalization's beta; none for a container.</summary>
    private protected static IEnumerable<string> OwnWeights(TreeDescription tree, string node) =>
        TreeDescription.TrainableWeightNamesOf(tree[node]);

    /// <summary>A variable's flag assigned in a framework that has none.</summary>
    private protected InvalidDescriptionException NotOffered(SetVariableTrainable step) =>
        new($"{Name} offers no per-variable trainable flag, but a step is {step}; freeze the layer instead.");

    /// <summary>A fit before any compile; <see cref="Scenario.Validated"/> rules it out.</summary>
    private protected static InvalidDescriptionException FitBeforeCompile() => new("A fit comes before any compile.");
}
