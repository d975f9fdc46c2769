using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// The mean squared error of a described tree computed in double precision, independently of any engine:
/// the reference for finite differences of the loss.
/// </summary>
public static class LossOracle
{
    /// <summary>Mean over samples and outputs of (prediction − target)², with the weights read as doubles.</summary>
    public static double Loss(TreeDescription tree, Func<string, int, double> weight, TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(data);
        var sum = 0.0;
        for (var s = 0; s < data.Count; s++)
        {
            var output = Forward(tree, tree.Root, [.. data.X[s].Select(v => (double)v)], weight);
            for (var j = 0; j < tree.Width; j++)
            {
                var error = output[j] - data.Y[s][j];
                sum += error * error;
            }
        }

        return sum / (data.Count * tree.Width);
    }

    /// <summary>The loss with the weights of <paramref name="weights"/>.</summary>
    public static double Loss(TreeDescription tree, WeightSet weights, TrainingData data) =>
        Loss(tree, (name, i) => weights[name][i], data);

    /// <summary>
    /// The central difference (L(w + h) − L(w − h)) / 2h of every entry of <paramref name="weight"/> at
    /// <paramref name="weights"/>: the entry shifted by ±h at every use of its layer, every other weight as it is — the
    /// same doubles as <see cref="Loss(TreeDescription, Func{string, int, double}, TrainingData)"/> with that one entry
    /// shifted, computed on one copy of the weights instead of a lookup by name per entry, sample and use.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="weight"/> is not a dense layer's weight of <paramref name="tree"/>.</exception>
    public static ImmutableArray<double> CentralDifferences(
        TreeDescription tree, WeightSet weights, TrainingData data, string weight, double h)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(weight);
        var pass = new DoublePass(tree, weights);
        var values = pass.Values(weight);
        var differences = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + h;
            var up = pass.Loss(data);
            values[i] = original + (-h);
            var down = pass.Loss(data);
            values[i] = original;
            differences[i] = (up - down) / (2 * h);
        }

        // The array is this call's own, so it becomes the result without a copy.
        return ImmutableCollectionsMarshal.AsImmutableArray(differences);
    }

    private static double[] Forward(TreeDescription tree, string node, double[] input, Func<string, int, double> weight)
    {
        switch (tree[node])
        {
            case ContainerDescription container:
                return container.Calls.Aggregate(input, (x, call) => Forward(tree, call, x, weight));
            case DenseDescription dense:
                var (kernel, bias) = NamesOf(dense);
                return Dense(dense, input, tree.Width, i => weight(kernel, i), j => weight(bias!, j));
            default:
                throw new InvalidDescriptionException($"Node '{node}' is neither a container nor a dense layer.");
        }
    }

    // One dense layer's output, in the order both passes share: bias first, then the inputs in order.
    private static double[] Dense(DenseDescription dense, double[] input, int width, Func<int, double> kernel, Func<int, double> bias)
    {
        var output = new double[width];
        for (var j = 0; j < width; j++)
        {
            var z = dense.UseBias ? bias(j) : 0.0;
            for (var i = 0; i < width; i++)
            {
                z += input[i] * kernel((i * width) + j);
            }

            output[j] = dense.Activation switch
            {
                ActivationKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
                ActivationKind.Tanh => Math.Tanh(z),
                _ => z,
            };
        }

        return output;
    }

    // A dense layer's weight names as the tree gives them: the kernel, then the bias when the layer has one.
    private static (string Kernel, string? Bias) NamesOf(DenseDescription dense)
    {
        var names = TreeDescription.TrainableWeightNamesOf(dense).ToArray();
        return (names[0], names.Length > 1 ? names[1] : null);
    }

    /// <summary>
    /// A tree's forward pass over one mutable double copy of its weights: every use of a layer reads the same arrays, so
    /// an entry shifted in place is shifted at every use, as a weight of a shared layer is.
    /// </summary>
    private sealed class DoublePass
    {
        private readonly Dictionary<string, double[]> _values = [];
        private readonly (DenseDescription Layer, double[] Kernel, double[]? Bias)[] _sequence;
        private readonly int _width;

        public DoublePass(TreeDescription tree, WeightSet weights)
        {
            _width = tree.Width;
            _sequence = [.. tree.ForwardSequence(tree.Root).Select(Application)];

            (DenseDescription, double[], double[]?) Application(string name)
            {
                if (tree[name] is not DenseDescription dense)
                {
                    throw new InvalidDescriptionException($"Node '{name}' is neither a container nor a dense layer.");
                }

                var (kernel, bias) = NamesOf(dense);
                return (dense, Copy(kernel), bias is null ? null : Copy(bias));
            }

            double[] Copy(string name)
            {
                if (!_values.TryGetValue(name, out var values))
                {
                    values = [.. weights[name].Select(v => (double)v)];
                    _values.Add(name, values);
                }

                return values;
            }
        }

        public double[] Values(string weight) =>
            _values.TryGetValue(weight, out var values)
                ? values
                : throw new ArgumentException($"'{weight}' is not a weight of a dense layer the tree applies.", nameof(weight));

        public double Loss(TrainingData data)
        {
            var sum = 0.0;
            for (var s = 0; s < data.Count; s++)
            {
                double[] output = [.. data.X[s].Select(v => (double)v)];
                foreach (var (layer, kernel, bias) in _sequence)
                {
                    output = Dense(layer, output, _width, i => kernel[i], j => bias![j]);
                }

                for (var j = 0; j < _width; j++)
                {
                    var error = output[j] - data.Y[s][j];
                    sum += error * error;
                }
            }

            return sum / (data.Count * _width);
        }
    }
}
