using System.Collections.Immutable;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Samples.NaiveEngine;

/// <summary>
/// A complete little engine written outside the reference engine (float32 forward and backward passes, SGD, flags,
/// compile-time collection), right unless told to make one <see cref="Mistake"/>. Everything else stays right, so
/// the specification's reports point at exactly that mistake.
/// </summary>
/// <param name="mistake">The one deliberate mistake to make, if any.</param>
public sealed class NaiveEngine(Mistake mistake = Mistake.None) : ITrainableImplementation
{
    /// <inheritdoc />
    public string Name => mistake == Mistake.None ? "naive engine" : $"naive engine ({mistake})";

    /// <inheritdoc />
    public ScenarioRun Run(Scenario scenario)
    {
        var tree = scenario.Validated().Tree;
        if (tree.BatchNorms.FirstOrDefault() is { } bn)
        {
            throw new NotSupportedException(
                $"The naive engine has dense layers and containers only, but node '{bn.Name}' is a batch normalization.");
        }

        var weights = scenario.InitialWeights.Names.ToDictionary(n => n, n => scenario.InitialWeights[n].ToArray());
        var flags = tree.Nodes.ToDictionary(n => n.Name, _ => true);
        (string[] Collected, float Rate)? compiled = null;
        var steps = ImmutableArray.CreateBuilder<Observation>();
        foreach (var step in scenario.Script)
        {
            ImmutableArray<string> collected = [];
            StaleWarning? warning = null;
            switch (step)
            {
                case SetTrainable set:
                    flags[set.Node] = set.Value;
                    break;
                case Compile { Optimizer: not KerasOptimizer.Sgd } other:
                    throw new NotSupportedException($"This implementation compiles with SGD only, but the script asks for {other}.");
                case Compile compile:
                    if (mistake == Mistake.RestoresTheInitialWeightsAtEachCompile)
                    {
                        weights = scenario.InitialWeights.Names.ToDictionary(n => n, n => scenario.InitialWeights[n].ToArray());
                    }

                    compiled = (Trainable(tree, flags), compile.LearningRate);
                    collected = [.. compiled.Value.Collected];
                    break;
                case Fit:
                    var (list, rate) = compiled!.Value;
                    var now = Trainable(tree, flags);
                    warning = now.ToHashSet().SetEquals(list) ? null : new StaleWarning([.. now.Except(list)], [.. list.Except(now)]);
                    var batch = mistake == Mistake.FitsInBatchesOf32 ? 32 : scenario.Data.Count;
                    for (var start = 0; start < scenario.Data.Count; start += batch)
                    {
                        var end = Math.Min(start + batch, scenario.Data.Count);
                        var (_, gradients) = Backpropagate(
                            tree, weights, new TrainingData(scenario.Data.X[start..end], scenario.Data.Y[start..end]));
                        Step(tree, weights, gradients, list, rate);
                    }

                    break;
                default:
                    throw new NotSupportedException($"The naive engine has Keras 2's operations only, but a step is {step}.");
            }

            steps.Add(new Observation(
                flags.ToImmutableSortedDictionary(StringComparer.Ordinal), collected, warning, new WeightSet(weights)));
        }

        return new ScenarioRun(scenario.InitialWeights, steps.ToImmutable());
    }

    /// <inheritdoc />
    public GradientReport Gradients(GradientProbe probe)
    {
        var weights = probe.Weights.Names.ToDictionary(n => n, n => probe.Weights[n].ToArray());
        var trainable = Trainable(probe.Tree, probe.Flags.ToDictionary());
        var (loss, gradients) = Backpropagate(probe.Tree, weights, probe.Data);
        return new GradientReport(loss, new WeightSet(trainable.Select(n => KeyValuePair.Create(n, gradients[n]))));
    }

    // A weight trains when every flag on some path to its layer is true; each weight once.
    private string[] Trainable(TreeDescription tree, IReadOnlyDictionary<string, bool> flags)
    {
        var open = new HashSet<string>();
        void Walk(string node, int depth)
        {
            var counts = mistake switch
            {
                Mistake.IgnoresContainerFlags => tree[node] is not ContainerDescription,
                Mistake.IgnoresContainerFlagsBelowDepthOne => depth <= 1 || tree[node] is not ContainerDescription,
                _ => true,
            };
            if ((counts && !flags.GetValueOrDefault(node, true)) || !open.Add(node))
            {
                if (mistake == Mistake.LeavesAFrozenLayersBiasTrainable && tree[node] is DenseDescription { UseBias: true })
                {
                    open.Add($"{node}/bias");
                }

                return;
            }

            foreach (var call in tree[node] is ContainerDescription c ? c.Calls : [])
            {
                Walk(call, depth + 1);
            }
        }

        Walk(tree.Root, 0);
        return [.. tree.Layers.SelectMany(TreeDescription.WeightNamesOf).Where(w => open.Contains(w.Split('/')[0]) || open.Contains(w))];
    }

    private void Step(
        TreeDescription tree, Dictionary<string, float[]> weights, Dictionary<string, float[]> gradients, string[] list, float rate)
    {
        var uses = tree.UseCounts();
        foreach (var name in weights.Keys)
        {
            var trained = list.Contains(name)
                && !(mistake == Mistake.NeverUpdatesBiases && name.EndsWith("/bias", StringComparison.Ordinal));
            var (times, scale) = trained
                ? (mistake == Mistake.StepsOncePerUse ? uses[name.Split('/')[0]] : 1, 1f)
                : (mistake == Mistake.MovesFrozenWeightsAtATinyRate ? 1 : 0, 1e-6f);
            for (var t = 0; t < times; t++)
            {
                for (var i = 0; i < weights[name].Length; i++)
                {
                    weights[name][i] -= scale * rate * gradients[name][i];
                }
            }

            if (mistake == Mistake.DecaysEveryWeight)
            {
                for (var i = 0; i < weights[name].Length; i++)
                {
                    weights[name][i] -= rate * 1e-4f * weights[name][i];
                }
            }
        }
    }

    private (float Loss, Dictionary<string, float[]> Gradients) Backpropagate(
        TreeDescription tree, Dictionary<string, float[]> weights, TrainingData data)
    {
        var width = tree.Width;
        var sequence = tree.ForwardSequence(tree.Root).Select(n => (DenseDescription)tree[n]).ToArray();
        var gradients = weights.ToDictionary(w => w.Key, w => new float[w.Value.Length]);
        var loss = 0f;
        for (var s = 0; s < data.Count; s++)
        {
            var activations = new List<float[]> { data.X[s].ToArray() };
            foreach (var layer in sequence)
            {
                var input = activations[^1];
                activations.Add([.. Enumerable.Range(0, width).Select(j => Activate(
                    layer.Activation,
                    Enumerable.Range(0, width).Sum(i => input[i] * weights[$"{layer.Name}/kernel"][(i * width) + j])
                        + (layer.UseBias ? weights[$"{layer.Name}/bias"][j] : 0f)))]);
            }

            var delta = activations[^1].Select((o, j) => 2f * (o - data.Y[s][j]) / (data.Count * width)).ToArray();
            loss += activations[^1].Select((o, j) => (o - data.Y[s][j]) * (o - data.Y[s][j])).Sum() / (data.Count * width);
            var seen = new HashSet<string>();
            for (var k = sequence.Length - 1; k >= 0; k--)
            {
                var (layer, input, output) = (sequence[k], activations[k], activations[k + 1]);
                var local = delta.Select((d, j) => d * Derivative(layer.Activation, output[j])).ToArray();
                var counted = seen.Add(layer.Name) || mistake != Mistake.TakesASharedGradientFromOneUse;
                for (var i = 0; counted && i < width; i++)
                {
                    for (var j = 0; j < width; j++)
                    {
                        gradients[$"{layer.Name}/kernel"][(i * width) + j] += input[i] * local[j];
                    }
                }

                if (counted && layer.UseBias)
                {
                    for (var j = 0; j < width; j++)
                    {
                        gradients[$"{layer.Name}/bias"][j] += local[j];
                    }
                }

                delta = [.. Enumerable.Range(0, width)
                    .Select(i => Enumerable.Range(0, width).Sum(j => local[j] * weights[$"{layer.Name}/kernel"][(i * width) + j]))];
            }
        }

        return (loss, gradients);
    }

    private static float Activate(ActivationKind activation, float z) => activation switch
    {
        ActivationKind.Sigmoid => 1f / (1f + MathF.Exp(-z)),
        ActivationKind.Tanh => MathF.Tanh(z),
        _ => z,
    };

    private static float Derivative(ActivationKind activation, float output) => activation switch
    {
        ActivationKind.Sigmoid => output * (1f - output),
        ActivationKind.Tanh => 1f - (output * output),
        _ => 1f,
    };
}
