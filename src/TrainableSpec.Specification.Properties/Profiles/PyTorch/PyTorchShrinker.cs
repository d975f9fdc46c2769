using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;

namespace TrainableSpec.Specification.Profiles.PyTorch;

/// <summary>
/// Shrinks PyTorch scenarios: smaller trees, a container's subtree as the whole model, shorter scripts, calls with True,
/// plain SGD, fewer samples.
/// </summary>
public static class PyTorchShrinker
{
    /// <summary>The smaller scenarios to try, most aggressive first (computed when first asked for).</summary>
    public static IEnumerable<PyTorchScenario> Shrink(PyTorchScenario scenario)
    {
        foreach (var candidate in Candidates(scenario))
        {
            yield return candidate;
        }
    }

    private static IEnumerable<PyTorchScenario> Candidates(PyTorchScenario scenario) =>
        ScenarioShrinker.SmallerTrees(scenario.Tree).Select(tree => scenario with
        {
            Tree = tree,
            InitialWeights = scenario.InitialWeights.Only(tree.WeightNames),
            Script = [.. scenario.Script.Where(s => s is not RequiresGrad r || tree.Contains(r.Node))],
        })
        .Concat(ScenarioShrinker.Subtrees(scenario.Tree).Select(sub => scenario with
        {
            Tree = sub.Tree,
            InitialWeights = scenario.InitialWeights.Only(sub.Tree.WeightNames),
            // The old model's calls go with it; the container's become the model's.
            Script =
            [
                .. scenario.Script
                    .Where(s => s is not RequiresGrad r
                        || r.Node == sub.Container
                        || (r.Node != scenario.Tree.Root && sub.Tree.Contains(r.Node)))
                    .Select(s => s is RequiresGrad r && r.Node == sub.Container ? r with { Node = sub.Tree.Root } : s),
            ],
        }))
        .Concat(Enumerable.Range(0, scenario.Script.Length).Select(i => scenario with { Script = scenario.Script.RemoveAt(i) }))
        .Concat(scenario.Script.Select((s, i) => (s, i)).Where(p => p.s is RequiresGrad { Value: false })
            .Select(p => scenario with { Script = scenario.Script.SetItem(p.i, new RequiresGrad(((RequiresGrad)p.s).Node, true)) }))
        .Concat(scenario.Optimizer.Kind == OptimizerKind.Sgd
            ? []
            : [scenario with { Optimizer = new OptimizerChoice(OptimizerKind.Sgd, 1e-4f) }])
        .Concat(Enumerable.Range(0, scenario.Data.Count > 1 ? scenario.Data.Count : 0)
            .Select(i => scenario with { Data = scenario.Data.WithoutSample(i) }));
}
