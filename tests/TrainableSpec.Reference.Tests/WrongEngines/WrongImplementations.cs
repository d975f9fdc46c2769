using System.Collections.Immutable;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Reference.Tests.WrongEngines;

/// <summary>Deliberately wrong implementations that differ from the reference in behaviour the rule-based ones cannot show.</summary>
internal static class WrongImplementations
{
    /// <summary>
    /// Setting a container's flag also writes the flags of everything inside it (tf.keras 2's behaviour, wrong for Keras 2.1.6).
    /// </summary>
    public static ITrainableImplementation ContainerSetterWritesDescendants { get; } =
        new PropagatingSetter(new ReferenceImplementation());

    /// <summary>
    /// Warns only when the number of trainable weights changed, as Keras 2.1.6 itself does, so a swap of equal size goes unnamed.
    /// </summary>
    public static ITrainableImplementation WarningComparesCountsOnly { get; } = new CountOnlyWarning(new ReferenceImplementation());

    /// <summary>Averages a shared weight's gradient over its uses instead of summing them.</summary>
    public static ITrainableImplementation SharedGradientAveraged { get; } = new AveragedSharedGradient(new ReferenceImplementation());

    private sealed class PropagatingSetter(ITrainableImplementation inner) : ITrainableImplementation
    {
        public string Name => "container setter writes descendants";

        public ScenarioRun Run(Scenario scenario)
        {
            // Each assignment to a container is followed by the same assignment to every node below it; only
            // the observation after the last step of each group is kept, one per original step.
            var groups = scenario.Script.Select(step => step is SetTrainable set
                ? [step, .. Below(scenario.Tree, set.Node).Select(n => new SetTrainable(n, set.Value))]
                : new[] { step }).ToArray();
            var run = inner.Run(scenario with { Script = [.. groups.SelectMany(g => g)] });
            var ends = groups.Select(g => g.Length).Aggregate(new List<int>(), (list, length) =>
            {
                list.Add((list.Count == 0 ? 0 : list[^1]) + length);
                return list;
            });
            return run with { Steps = [.. ends.Select(end => run.Steps[end - 1])] };
        }

        public GradientReport Gradients(GradientProbe probe) => inner.Gradients(probe);

        private static IEnumerable<string> Below(TreeDescription tree, string node) =>
            tree[node] is ContainerDescription c ? c.Calls.SelectMany(call => Below(tree, call).Prepend(call)).Distinct() : [];
    }

    private sealed class CountOnlyWarning(ITrainableImplementation inner) : ITrainableImplementation
    {
        public string Name => "warning compares counts only";

        public ScenarioRun Run(Scenario scenario)
        {
            var run = inner.Run(scenario);
            return run with
            {
                Steps =
                [
                    .. run.Steps.Select(o => o.Warning is { } w && w.NowTrainable.Count == w.NowFrozen.Count
                        ? o with { Warning = null }
                        : o),
                ],
            };
        }

        public GradientReport Gradients(GradientProbe probe) => inner.Gradients(probe);
    }

    private sealed class AveragedSharedGradient(ITrainableImplementation inner) : ITrainableImplementation
    {
        public string Name => "shared gradient averaged";

        public ScenarioRun Run(Scenario scenario) => inner.Run(scenario);

        public GradientReport Gradients(GradientProbe probe)
        {
            var report = inner.Gradients(probe);
            var uses = probe.Tree.UseCounts();
            var gradients = report.Gradients;
            foreach (var name in gradients.Names.ToArray())
            {
                var count = uses[name.Split('/')[0]];
                gradients = gradients.With(name, [.. gradients[name].Select(g => g / count)]);
            }

            return report with { Gradients = gradients };
        }
    }
}
