using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// The specification of Keras 2.1.6's freezing rule for any tree, as FsCheck properties over an implementation.
/// Each property's name is the sentence it checks.
/// </summary>
public static class TrainabilityProperties
{
    /// <summary>The cases each property runs by default.</summary>
    public const int Cases = 5_000;

    /// <summary>Generated scenarios with their shrinker.</summary>
    public static Arbitrary<Scenario> Scenarios { get; } = Arb.From(ScenarioGenerators.Scenarios, ScenarioShrinker.Shrink);

    /// <summary>Generated scenarios without shared nodes, for implementations that do not support sharing.</summary>
    public static Arbitrary<Scenario> ScenariosWithoutSharing { get; } =
        Arb.From(ScenarioGenerators.ScenariosWith(sharing: false), ScenarioShrinker.Shrink);

    /// <summary>
    /// Generated scenarios with any numbers: any activation, biases, weights far from the identity, and learning rates
    /// from 1e-4 to 10. They guarantee no movement, so only the property that frozen weights stay bit-identical runs
    /// on them, where large rates make any leak into a frozen weight (a decay, a tiny rate, a stale gradient) show.
    /// </summary>
    public static Arbitrary<Scenario> ScenariosWithAnyNumbers { get; } =
        Arb.From(ScenarioGenerators.ScenariosWithAnyNumbers(sharing: true), ScenarioShrinker.Shrink);

    /// <summary><see cref="ScenariosWithAnyNumbers"/> without shared nodes.</summary>
    public static Arbitrary<Scenario> ScenariosWithAnyNumbersWithoutSharing { get; } =
        Arb.From(ScenarioGenerators.ScenariosWithAnyNumbers(sharing: false), ScenarioShrinker.Shrink);

    /// <summary>Generated gradient probes with their shrinker.</summary>
    public static Arbitrary<GradientProbe> Probes { get; } = Arb.From(ScenarioGenerators.GradientProbes, ScenarioShrinker.Shrink);

    /// <summary>Generated gradient probes without shared nodes.</summary>
    public static Arbitrary<GradientProbe> ProbesWithoutSharing { get; } =
        Arb.From(ScenarioGenerators.GradientProbesWith(sharing: false), ScenarioShrinker.Shrink);

    /// <summary>
    /// 1. After training, a weight has changed if and only if, at the last compile, every flag on some path from
    /// the model to its layer was true (checked at every fit, bit-for-bit); and only a fit changes one: after any other
    /// step every weight is bit-identical to the observation before.
    /// </summary>
    public static Property AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile(
        ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        ForAllScenarios(implementation, ScenarioChecks.Moves, scenarios);

    /// <summary>
    /// 2. A weight that no compile made trainable is bit-for-bit identical after any number of steps (no tolerance),
    /// whatever the numbers (<see cref="ScenariosWithAnyNumbers"/> by default).
    /// </summary>
    public static Property AWeightNeverTrainableIsBitIdenticalAfterAnyNumberOfSteps(
        ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        ForAllScenarios(implementation, ScenarioChecks.NeverTrainableIsBitIdentical, scenarios ?? ScenariosWithAnyNumbers);

    /// <summary>
    /// 3. Reading a flag back returns exactly what was last assigned to that node; no assignment changes another node's flag.
    /// </summary>
    public static Property EveryFlagReadsBackAsLastAssignedToItsOwnNode(
        ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        ForAllScenarios(implementation, ScenarioChecks.FlagsReadBack, scenarios);

    /// <summary>
    /// 4. The weights an implementation collects at compile are the oracle's trainable weights, each shared weight once.
    /// </summary>
    public static Property TheCollectedWeightsAreTheOraclesTrainableWeightsEachOnce(
        ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        ForAllScenarios(implementation, ScenarioChecks.CollectedOnce, scenarios);

    /// <summary>
    /// 5. A flag changed after a compile has no effect until the next compile, and the fit's warning names
    /// exactly the weights whose status differs.
    /// </summary>
    public static Property AFlagChangedAfterCompileWaitsForTheNextCompileAndTheWarningNamesTheWeights(
        ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        ForAllScenarios(implementation, ScenarioChecks.CompileTiming, scenarios);

    /// <summary>
    /// 6. The gradients an implementation reports for its trainable weights agree with central finite
    /// differences of a double-precision loss, and a shared weight gets the gradient of all its uses,
    /// including uses inside frozen containers. Tolerance: |g − fd| ≤ 1e-4 + 1e-3·|fd|. The implementation
    /// works in float32 (ε ≈ 6e-8) over at most 8 layers, 5 samples and width 3, so its rounding stays near
    /// 1e-6; the finite differences use h = 1e-4 in double, with truncation error ~h² ≈ 1e-8 and rounding
    /// ~1e-12. The tolerance is ~100× above both, and far below the error of a missed use (a whole term).
    /// </summary>
    public static Property GradientsAgreeWithFiniteDifferencesAndASharedWeightGetsTheGradientOfAllItsUses(
        ITrainableImplementation implementation, Arbitrary<GradientProbe>? probes = null) =>
        Prop.ForAll(probes ?? Probes, probe =>
        {
            var report = implementation.Gradients(probe);
            return Verdict.ToProperty(GradientFailure(probe, report))
                .Classify(SharedInsideFrozenContainer(probe), "a trainable shared weight is also used inside a frozen container")
                .Classify(probe.Tree.UseCounts().Any(u => u.Value > 1), "some node is shared")
                .Classify(probe.Tree.Depth >= 2, "containers nested two or more deep");
        });

    /// <summary>
    /// 7. After every fit, each weight the fit trains equals the SGD step the specification computes from the weights
    /// before it, w − lr·∂L/∂w, with the gradient of the mean squared error (mean over samples and outputs) summed
    /// over every use of the weight, in double precision (<see cref="UpdateOracle"/>, which states the tolerance).
    /// </summary>
    public static Property AfterEveryFitEachTrainedWeightEqualsTheStepTheSpecificationComputes(
        ITrainableImplementation implementation, Arbitrary<Scenario>? scenarios = null) =>
        ForAllScenarios(implementation, ScenarioChecks.Values, scenarios);

    /// <summary>The main suite's table, in README's order (see <see cref="SuiteProperty{TTarget}"/>).</summary>
    public static ImmutableArray<SuiteProperty<SuiteTarget>> Suite { get; } =
    [
        new(
            "A weight changes exactly when every flag on some path was true at the last compile",
            Capability.None,
            t => AWeightChangesExactlyWhenEveryFlagOnSomePathWasTrueAtTheLastCompile(t.Implementation, ScenariosOf(t))),
        new(
            "A weight never trainable is bit-identical after any number of steps",
            Capability.None,
            t => AWeightNeverTrainableIsBitIdenticalAfterAnyNumberOfSteps(
                t.Implementation, t.Scenarios ?? (t.SupportsSharing ? ScenariosWithAnyNumbers : ScenariosWithAnyNumbersWithoutSharing))),
        new(
            "Every flag reads back as last assigned to its own node",
            Capability.None,
            t => EveryFlagReadsBackAsLastAssignedToItsOwnNode(t.Implementation, ScenariosOf(t))),
        new(
            "The collected weights are the oracle's trainable weights, each once",
            Capability.None,
            t => TheCollectedWeightsAreTheOraclesTrainableWeightsEachOnce(t.Implementation, ScenariosOf(t))),
        new(
            "A flag changed after compile waits for the next compile, and the warning names the weights",
            Capability.CompileTimeCollection,
            t => AFlagChangedAfterCompileWaitsForTheNextCompileAndTheWarningNamesTheWeights(t.Implementation, ScenariosOf(t))),
        new(
            "Gradients agree with finite differences, and a shared weight gets the gradient of all its uses",
            Capability.Gradients,
            t => GradientsAgreeWithFiniteDifferencesAndASharedWeightGetsTheGradientOfAllItsUses(
                t.Implementation, t.SupportsSharing ? Probes : ProbesWithoutSharing)),
        new(
            "After every fit, each trained weight equals the step the specification computes",
            Capability.None,
            t => AfterEveryFitEachTrainedWeightEqualsTheStepTheSpecificationComputes(t.Implementation, ScenariosOf(t))),
    ];

    private static Arbitrary<Scenario> ScenariosOf(SuiteTarget target) =>
        target.Scenarios ?? (target.SupportsSharing ? Scenarios : ScenariosWithoutSharing);

    internal static Property ForAllScenarios(
        ITrainableImplementation implementation,
        Func<Scenario, ScenarioRun, ImmutableArray<Prediction>, string?> check,
        Arbitrary<Scenario>? scenarios,
        FrameworkProfile? profile = null) =>
        Prop.ForAll(scenarios ?? Scenarios, scenario =>
        {
            var predictions = (profile ?? FrameworkProfiles.Keras216).Predict(scenario);
            var run = implementation.Run(scenario);
            // Every check passed here checks the run's shape first (ScenarioChecks' public checks all do).
            var failure = check(scenario, run, predictions);
            var tree = scenario.Tree;
            var finalFlags = predictions[^1].Flags;
            var frozenPaths = TrainabilityOracle.FrozenPaths(tree, finalFlags);
            return Verdict.ToProperty(failure)
                .Classify(tree.UseCounts().Any(u => u.Value > 1), "shared node")
                .Classify(tree.Depth >= 2, "nested ≥ 2 containers deep")
                .Classify(predictions.Any(p => p.Warning is not null), "flag changed after compile")
                .Classify(frozenPaths > 0, "some path frozen")
                .Classify(predictions.Any(p => p.Refused), "a fit refused")
                // FsCheck's Collect stamps sprintf "%A" of the value, which for this string is the string in quotes;
                // stamped directly, the report reads the same without formatting by reflection at every case.
                .Classify(true, $"\"depth {tree.Depth}, forward length {tree.ForwardLength}\"");
        });

    private static string? GradientFailure(GradientProbe probe, GradientReport report)
    {
        const double h = 1e-4;
        var expected = TrainabilityOracle.TrainableWeights(probe.Tree, probe.Flags);
        var reported = report.Gradients.Names.ToImmutableSortedSet(StringComparer.Ordinal);
        if (!reported.SetEquals(expected))
        {
            return $"Gradients reported for {Verdict.Names(reported)}, but the trainable weights are {Verdict.Names(expected)}.";
        }

        var loss = LossOracle.Loss(probe.Tree, probe.Weights, probe.Data);
        if (Math.Abs(report.Loss - loss) > 1e-4 * (1 + Math.Abs(loss)))
        {
            return $"Loss {report.Loss:R}, but the double-precision loss is {loss:R}.";
        }

        foreach (var name in expected)
        {
            var differences = LossOracle.CentralDifferences(probe.Tree, probe.Weights, probe.Data, name, h);
            for (var i = 0; i < differences.Length; i++)
            {
                var fd = differences[i];
                var g = report.Gradients[name][i];
                if (Math.Abs(g - fd) > 1e-4 + (1e-3 * Math.Abs(fd)))
                {
                    return $"∂loss/∂{name}[{i}] is {g:R}, but the central difference is {fd:R} "
                        + $"(uses of {name.Split('/')[0]}: {probe.Tree.UseCounts()[name.Split('/')[0]]}).";
                }
            }
        }

        return null;
    }

    private static bool SharedInsideFrozenContainer(GradientProbe probe)
    {
        var trainable = TrainabilityOracle.TrainableWeights(probe.Tree, probe.Flags);
        var insideFrozen = new HashSet<string>();
        void Walk(string node, bool frozen)
        {
            var nowFrozen = frozen || (probe.Tree[node] is ContainerDescription && !probe.Flags.GetValueOrDefault(node, true));
            if (probe.Tree[node] is ContainerDescription c)
            {
                foreach (var call in c.Calls)
                {
                    Walk(call, nowFrozen);
                }
            }
            else if (nowFrozen)
            {
                insideFrozen.Add(node);
            }
        }

        Walk(probe.Tree.Root, false);
        return probe.Tree.Layers.Any(l => insideFrozen.Contains(l.Name) && trainable.Contains($"{l.Name}/kernel"));
    }
}
