using System.Collections.Immutable;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Generators;

/// <summary>
/// Shrinks a failing scenario toward a minimal one: fewer nodes, shallower trees, fewer false flags, shorter
/// scripts, fewer samples — in that order, so a counterexample reads as the smallest tree that still fails.
/// Every candidate is a valid scenario; weights are only ever dropped with their layer, never changed, so the
/// movement guarantees of <see cref="ScenarioGenerators"/> still hold.
/// </summary>
public static class ScenarioShrinker
{
    /// <summary>
    /// The smaller scenarios to try, most aggressive first. Nothing is computed until the first is asked for (an iterator):
    /// FsCheck calls the shrinker for every value it generates, and enumerates only a failing one's.
    /// </summary>
    public static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        foreach (var candidate in Candidates(scenario))
        {
            yield return candidate;
        }
    }

    /// <summary>
    /// The smaller probes to try: smaller trees, then fewer frozen nodes, then fewer samples (computed when first asked for).
    /// </summary>
    public static IEnumerable<GradientProbe> Shrink(GradientProbe probe)
    {
        foreach (var candidate in Candidates(probe))
        {
            yield return candidate;
        }
    }

    private static IEnumerable<Scenario> Candidates(Scenario scenario) =>
        SmallerTrees(scenario.Tree).Select(tree => Restrict(scenario, tree))
            .Concat(ShorterScripts(scenario.Script).Select(script => scenario with { Script = script }))
            .Concat(Enumerable.Range(0, scenario.Data.Count > 1 ? scenario.Data.Count : 0)
                .Select(i => scenario with { Data = scenario.Data.WithoutSample(i) }))
            .Where(s => s.IsValid);

    private static IEnumerable<GradientProbe> Candidates(GradientProbe probe) =>
        SmallerTrees(probe.Tree).Select(tree => probe with
        {
            Tree = tree,
            Weights = probe.Weights.Only(tree.WeightNames),
            Flags = probe.Flags.Where(f => tree.Contains(f.Key)).ToImmutableSortedDictionary(StringComparer.Ordinal),
        })
        .Concat(probe.Flags.Where(f => !f.Value).Select(f => probe with { Flags = probe.Flags.SetItem(f.Key, true) }))
        .Concat(Enumerable.Range(0, probe.Data.Count > 1 ? probe.Data.Count : 0)
            .Select(i => probe with { Data = probe.Data.WithoutSample(i) }));

    /// <summary>Trees with one call removed, or one container call replaced by its own calls (one level shallower).</summary>
    public static IEnumerable<TreeDescription> SmallerTrees(TreeDescription tree)
    {
        foreach (var container in tree.Containers)
        {
            for (var i = 0; i < container.Calls.Length; i++)
            {
                if (container.Calls.Length > 1)
                {
                    yield return Replace(tree, container, container.Calls.RemoveAt(i));
                }

                if (tree[container.Calls[i]] is ContainerDescription inner)
                {
                    yield return Replace(tree, container, container.Calls.RemoveAt(i).InsertRange(i, inner.Calls));
                }
            }
        }
    }

    /// <summary>
    /// Each container below the root with what it reaches, as a whole model: the container takes the root's name, and
    /// <c>Container</c> says which it was. A flag set on a container two levels down then shrinks to one set on the model
    /// (what <see cref="SmallerTrees"/> cannot reach: it drops a container's steps with the container).
    /// </summary>
    public static IEnumerable<(TreeDescription Tree, string Container)> Subtrees(TreeDescription tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        foreach (var container in tree.Containers.Where(c => c.Name != tree.Root))
        {
            var below = new HashSet<string>();
            void Reach(string name)
            {
                if (below.Add(name) && tree[name] is ContainerDescription c)
                {
                    foreach (var call in c.Calls)
                    {
                        Reach(call);
                    }
                }
            }

            Reach(container.Name);
            var nodes = tree.Nodes.Where(n => below.Contains(n.Name)).Select(n => n == container ? container with { Name = tree.Root } : n);
            yield return (new TreeDescription(tree.Width, nodes, tree.Root), container.Name);
        }
    }

    /// <summary>
    /// Scripts without later steps (all at once, then one at a time), without initial assignments of true, then with false
    /// flags made true.
    /// </summary>
    public static IEnumerable<ImmutableArray<ScriptStep>> ShorterScripts(ImmutableArray<ScriptStep> script)
    {
        var firstCompile = script.IndexOf(script.FirstOrDefault(s => s is Compile)!);
        if (firstCompile >= 0 && script.Length > firstCompile + 2)
        {
            yield return [.. script.Take(firstCompile + 1), Fit.Step];
        }

        for (var i = script.Length - 1; i > firstCompile; i--)
        {
            yield return script.RemoveAt(i);
        }

        // A flag is true until assigned, so assigning true before the first compile says nothing.
        for (var i = firstCompile - 1; i >= 0; i--)
        {
            if (script[i] is SetTrainable { Value: true })
            {
                yield return script.RemoveAt(i);
            }
        }

        for (var i = 0; i < script.Length; i++)
        {
            if (script[i] is SetTrainable { Value: false } set)
            {
                yield return script.SetItem(i, set with { Value = true });
            }
        }
    }

    private static TreeDescription Replace(TreeDescription tree, ContainerDescription container, ImmutableArray<string> calls) =>
        TreeGenerators.Prune(new TreeDescription(tree.Width, tree.Nodes.Replace(container, container with { Calls = calls }), tree.Root));

    private static Scenario Restrict(Scenario scenario, TreeDescription tree) => scenario with
    {
        Tree = tree,
        InitialWeights = scenario.InitialWeights.Only(tree.WeightNames),
        Script = [.. scenario.Script.Where(s => s switch
        {
            SetTrainable set => tree.Contains(set.Node),
            SetVariableTrainable variable => tree.WeightNames.Contains(variable.Weight),
            _ => true,
        })],
    };
}
