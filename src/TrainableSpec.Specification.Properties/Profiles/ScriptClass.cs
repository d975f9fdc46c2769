using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// A class of scripts on which profiles may agree though they differ in general: flags are assigned once each,
/// every container before the nodes inside it, all before the only compile, then one to three fits, and with
/// something left to train (some layer reached through flags that are all true). The classes differ in which
/// nodes are assigned.
/// </summary>
public sealed class ScriptClass
{
    private readonly Func<TreeDescription, string, bool> _assigned;

    private ScriptClass(string name, string description, Func<TreeDescription, string, bool> assigned)
    {
        Name = name;
        Description = description;
        _assigned = assigned;
    }

    /// <summary>Every node assigned once, top-down.</summary>
    public static ScriptClass EveryNodeTopDown { get; } = new(
        "every node, top-down",
        "every node assigned once, containers before what they hold, before the only compile",
        (_, _) => true);

    /// <summary>Only the model and the layers assigned (inner containers left true).</summary>
    public static ScriptClass ModelAndLayersTopDown { get; } = new(
        "model and layers only",
        "only the model and the layers assigned, once each, the model first, before the only compile",
        (tree, node) => node == tree.Root || tree[node] is DenseDescription);

    /// <summary>Only the layers assigned.</summary>
    public static ScriptClass LayersOnly { get; } = new(
        "layers only",
        "only the layers assigned, once each, before the only compile",
        (tree, node) => tree[node] is DenseDescription);

    /// <summary>The three, widest first.</summary>
    public static ImmutableArray<ScriptClass> All { get; } = [EveryNodeTopDown, ModelAndLayersTopDown, LayersOnly];

    /// <summary>A short name for tables.</summary>
    public string Name { get; }

    /// <summary>What the class contains, in words.</summary>
    public string Description { get; }

    /// <summary>Training scenarios of this class, with the movement guarantees of <see cref="ScenarioGenerators"/>.</summary>
    public Gen<Scenario> Scenarios =>
        from tree in TreeGenerators.LinearTrees()
        from weights in ScenarioGenerators.NearIdentityWeights(tree)
        from data in ScenarioGenerators.Data(tree.Width, ScenarioGenerators.Values(0.5, 1.0), ScenarioGenerators.Values(10.0, 12.0))
        from flags in Gen.CollectToArray(TopDown(tree), node => Gen.Elements(true, false).Select(v => new SetTrainable(node, v)))
        from open in Gen.Elements(tree.Layers.Select(l => l.Name).ToArray())
        from rate in Gen.Elements(5e-5f, 1e-4f)
        from fits in Gen.Choose(1, 3)
        select new Scenario(
            tree, weights, data, [.. KeepOpen(tree, flags, open), new Compile(rate), .. Enumerable.Repeat<ScriptStep>(Fit.Step, fits)]);

    /// <summary>Whether <paramref name="scenario"/> belongs to the class.</summary>
    public bool Contains(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var tree = scenario.Tree;
        var sets = scenario.Script.TakeWhile(s => s is SetTrainable).Cast<SetTrainable>().ToArray();
        var rest = scenario.Script.Skip(sets.Length).ToArray();
        return sets.Select(s => s.Node).SequenceEqual(TopDown(tree))
            && rest.Length >= 2 && rest[0] is Compile && rest.Skip(1).All(s => s is Fit)
            && !TrainabilityOracle.TrainableWeights(tree, sets.ToDictionary(s => s.Node, s => s.Value)).IsEmpty;
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    // Generated trees list a container after everything it calls, so the reverse order is top-down.
    private IEnumerable<string> TopDown(TreeDescription tree) =>
        tree.Nodes.Reverse().Select(n => n.Name).Where(n => _assigned(tree, n));

    // Something must train, or frameworks that refuse an empty step differ for that reason alone: the flags on
    // the first path to the chosen layer are made true.
    private static IEnumerable<SetTrainable> KeepOpen(TreeDescription tree, SetTrainable[] flags, string layer)
    {
        var path = PathTo(tree, tree.Root, layer) ?? [];
        return flags.Select(f => path.Contains(f.Node) ? f with { Value = true } : f);
    }

    private static ImmutableList<string>? PathTo(TreeDescription tree, string node, string layer) =>
        node == layer ? [node]
        : tree[node] is ContainerDescription c
            ? c.Calls.Select(call => PathTo(tree, call, layer)).FirstOrDefault(p => p is not null)?.Insert(0, node)
        : null;
}
