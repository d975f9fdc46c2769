using System.Collections.Immutable;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.TorchSharp.Native;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp;

/// <summary>
/// Keras 2.1.6's freezing semantics on libtorch through TorchSharp: dense layers are libtorch parameters,
/// training is Keras' optimizers in libtorch operations on <c>mse_loss</c> with autograd. Every native tensor of a scenario is
/// disposed when the scenario ends, so any number of scenarios runs in flat memory.
/// </summary>
public sealed class TorchSharpImplementation : ITrainableImplementation
{
    /// <summary>Loads libtorch (making it loadable first where needed, see <see cref="LibTorchRuntime"/>).</summary>
    /// <exception cref="LibTorchUnavailableException">libtorch cannot be loaded; the message says why and how to fix it.</exception>
    public TorchSharpImplementation() => CompatibilityStep = LibTorchRuntime.EnsureLoaded();

    /// <summary>What was done to load libtorch on this machine.</summary>
    public string CompatibilityStep { get; }

    /// <inheritdoc />
    public string Name => "torchsharp";

    /// <inheritdoc />
    public ScenarioRun Run(Scenario scenario)
    {
        scenario.Validated();
        using var scope = NewDisposeScope();
        using var model = new KerasModelOnTorch(scenario.Tree, scenario.InitialWeights);
        var initial = model.Weights();
        var flags = model.Flags.ToImmutableSortedDictionary(StringComparer.Ordinal);
        var steps = ImmutableArray.CreateBuilder<Observation>(scenario.Script.Length);
        foreach (var step in scenario.Script)
        {
            ImmutableArray<string> collected = [];
            StaleWarning? warning = null;
            switch (step)
            {
                case SetTrainable set:
                    model.SetTrainable(set.Node, set.Value);
                    break;
                case Compile compile:
                    model.Compile(compile);
                    collected = [.. model.Collected];
                    break;
                case Fit:
                    warning = Stale(model.Collected, model.TrainableWeights());
                    model.Fit(scenario.Data);
                    break;
                default:
                    throw new NotSupportedException($"This implementation has Keras 2's operations only, but a step is {step}.");
            }

            // Every flag and every weight is read after every step, whatever the step: an observation is what the
            // implementation holds, not what it was meant to change (a setter that wrote below its node, or a compile that
            // moved a weight, must show). The reads keep the last observation's objects where nothing changed.
            flags = ReadFlags(model, flags);
            steps.Add(new Observation(flags, collected, warning, model.Weights()));
        }

        model.CheckWeightsStillRead();
        return new ScenarioRun(initial, steps.MoveToImmutable());
    }

    /// <inheritdoc />
    public GradientReport Gradients(GradientProbe probe)
    {
        using var scope = NewDisposeScope();
        using var model = new KerasModelOnTorch(probe.Tree, probe.Weights);
        foreach (var (node, value) in probe.Flags)
        {
            model.SetTrainable(node, value);
        }

        model.Compile(new Compile(1f));
        var (loss, gradients) = model.Gradients(probe.Data);
        return new GradientReport(loss, gradients);
    }

    private static StaleWarning? Stale(IReadOnlyList<string> compiled, IReadOnlyList<string> now) =>
        compiled.ToHashSet().SetEquals(now) ? null : new StaleWarning([.. now.Except(compiled)], [.. compiled.Except(now)]);

    private static ImmutableSortedDictionary<string, bool> ReadFlags(KerasModelOnTorch model, ImmutableSortedDictionary<string, bool> last)
    {
        var flags = last;
        foreach (var (node, value) in model.Flags)
        {
            if (!flags.TryGetValue(node, out var before) || before != value)
            {
                flags = flags.SetItem(node, value);
            }
        }

        return flags;
    }
}
