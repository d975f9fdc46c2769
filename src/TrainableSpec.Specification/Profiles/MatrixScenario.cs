using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// One row of the profile matrix's second table: a small scenario on which profiles differ. Layers are linear
/// 2×2 without bias, kernels I + 0.01 and targets far above the outputs, so every weight a profile trains moves;
/// a node named <c>bn…</c> is a batch normalization with β = 2.5 (outputs stay positive), moving mean 0 and
/// moving variance 1.
/// </summary>
public sealed record MatrixScenario(string Name, Scenario Scenario)
{
    /// <summary>
    /// A scenario on <paramref name="tree"/> (containers as <c>name[calls]</c>, layers as <c>d…</c>) with <paramref name="script"/>.
    /// </summary>
    public static MatrixScenario Of(string name, string tree, params ScriptStep[] script)
    {
        var description = Parse(tree);
        var weights = new WeightSet(description.WeightNames.Select(w => KeyValuePair.Create(w, w.Split('/')[1] switch
        {
            "beta" => new[] { 2.5f, 2.5f },
            "moving_mean" => [0f, 0f],
            "moving_variance" => [1f, 1f],
            _ => [1.01f, 0.01f, 0.01f, 1.01f],
        })));
        // Two samples, not one: PyTorch refuses a training-mode batch normalization over a single sample, and the
        // matrix's scenarios are exported for every profile's corpus and run on the real frameworks.
        var data = new TrainingData([[0.5f, 1f], [1f, 0.5f]], [[10f, 10f], [10f, 10f]]);
        return new MatrixScenario(name, new Scenario(description, weights, data, [.. script]).Validated());
    }

    /// <summary>The script on one line.</summary>
    public string Script => string.Join("; ", Scenario.Script);

    // "model[c1[d1 d2] d3]": a node is a name, a container a name with its calls in brackets.
    private static TreeDescription Parse(string text)
    {
        var nodes = new List<NodeDescription>();
        var position = 0;
        string Node()
        {
            var start = position;
            while (position < text.Length && char.IsLetterOrDigit(text[position]))
            {
                position++;
            }

            var name = text[start..position];
            if (position < text.Length && text[position] == '[')
            {
                position++;
                var calls = ImmutableArray.CreateBuilder<string>();
                while (text[position] != ']')
                {
                    calls.Add(Node());
                    position += text[position] == ' ' ? 1 : 0;
                }

                position++;
                if (nodes.All(n => n.Name != name))
                {
                    nodes.Add(new ContainerDescription(name, calls.ToImmutable()));
                }
            }
            else if (nodes.All(n => n.Name != name))
            {
                nodes.Add(name.StartsWith("bn", StringComparison.Ordinal)
                    ? new BatchNormDescription(name)
                    : new DenseDescription(name, ActivationKind.Linear, UseBias: false));
            }

            return name;
        }

        return new TreeDescription(2, nodes, Node());
    }
}
