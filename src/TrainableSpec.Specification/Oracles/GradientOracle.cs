using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Oracles;

/// <summary>
/// The gradient of the loss of <see cref="LossOracle"/> (mean over samples and outputs of the squared error) with
/// respect to every trainable weight of a described tree, by an analytic backward pass in double precision,
/// independently of any engine. A weight used at several places gets the sum over all its uses, uses inside
/// frozen containers included: freezing decides which weights an optimizer writes, not what the loss depends on.
/// </summary>
public static class GradientOracle
{
    /// <summary>
    /// The gradient of every trainable weight of <paramref name="tree"/> at <paramref name="weights"/> on
    /// <paramref name="data"/>, and beside it the same backward pass over absolute values (<see cref="TreeGradient.Magnitude"/>).
    /// </summary>
    /// <exception cref="InvalidDescriptionException">The tree holds a batch normalization, which this model does not compute.</exception>
    public static TreeGradient Of(TreeDescription tree, WeightSet weights, TrainingData data)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(data);
        if (tree.BatchNorms.FirstOrDefault() is { } bn)
        {
            throw new InvalidDescriptionException(
                $"The gradient model computes dense layers and containers only, but node '{bn.Name}' is a batch normalization.");
        }

        var width = tree.Width;
        var gradient = tree.TrainableWeightNames.ToDictionary(n => n, n => new double[weights[n].Length]);
        var magnitude = tree.TrainableWeightNames.ToDictionary(n => n, n => new double[weights[n].Length]);
        // Each layer's weights and the sums its gradient adds to, looked up by name once, not at every sample and use.
        var layers = tree.Layers.ToDictionary(l => l.Name, l => Application.Of(l, weights, gradient, magnitude));
        var sequence = tree.ForwardSequence(tree.Root).Select(n => layers[n]).ToArray();
        var scale = 2.0 / (data.Count * width);
        for (var s = 0; s < data.Count; s++)
        {
            var activations = new double[sequence.Length + 1][];
            var magnitudes = new double[sequence.Length + 1][];
            activations[0] = [.. data.X[s].Select(v => (double)v)];
            magnitudes[0] = [.. activations[0].Select(Math.Abs)];
            for (var k = 0; k < sequence.Length; k++)
            {
                (activations[k + 1], magnitudes[k + 1]) = Forward(sequence[k], activations[k], magnitudes[k], width);
            }

            // ∂L/∂o = 2(o − y)/(n·width); its magnitude counterpart bounds the rounding of o − y by |o| + |y|.
            var delta = activations[^1].Select((o, j) => scale * (o - data.Y[s][j])).ToArray();
            var deltaMagnitude = magnitudes[^1].Select((o, j) => scale * (o + Math.Abs(data.Y[s][j]))).ToArray();
            for (var k = sequence.Length - 1; k >= 0; k--)
            {
                (delta, deltaMagnitude) = Backward(
                    sequence[k], activations[k], activations[k + 1], magnitudes[k], delta, deltaMagnitude, width);
            }
        }

        // The sums are this call's own arrays, so they become the result without a copy.
        return new TreeGradient(Immutable(gradient), Immutable(magnitude));
    }

    private static ImmutableSortedDictionary<string, ImmutableArray<double>> Immutable(Dictionary<string, double[]> sums) =>
        sums.ToImmutableSortedDictionary(
            kv => kv.Key, kv => ImmutableCollectionsMarshal.AsImmutableArray(kv.Value), StringComparer.Ordinal);

    private static (double[] Output, double[] Magnitude) Forward(
        Application application, double[] input, double[] inputMagnitude, int width)
    {
        var (layer, kernel, bias) = (application.Layer, application.Kernel, application.Bias);
        var output = new double[width];
        var magnitude = new double[width];
        for (var j = 0; j < width; j++)
        {
            var z = layer.UseBias ? bias[j] : 0.0;
            var m = layer.UseBias ? Math.Abs(bias[j]) : 0.0;
            for (var i = 0; i < width; i++)
            {
                z += input[i] * kernel[(i * width) + j];
                m += inputMagnitude[i] * Math.Abs(kernel[(i * width) + j]);
            }

            output[j] = layer.Activation switch
            {
                ActivationKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
                ActivationKind.Tanh => Math.Tanh(z),
                _ => z,
            };

            // An error in z reaches the output scaled by the activation's slope, and evaluating it adds its own rounding.
            magnitude[j] = layer.Activation == ActivationKind.Linear ? m : (m * Slope(layer.Activation, output[j])) + Math.Abs(output[j]);
        }

        return (output, magnitude);
    }

    private static (double[] Delta, double[] Magnitude) Backward(
        Application application,
        double[] input,
        double[] output,
        double[] inputMagnitude,
        double[] upstream,
        double[] upstreamMagnitude,
        int width)
    {
        var (layer, kernel) = (application.Layer, application.Kernel);
        var (kernelGradient, kernelMagnitude) = (application.KernelGradient, application.KernelMagnitude);
        var local = new double[width];
        var localMagnitude = new double[width];
        for (var j = 0; j < width; j++)
        {
            var derivative = Slope(layer.Activation, output[j]);
            local[j] = upstream[j] * derivative;
            localMagnitude[j] = upstreamMagnitude[j] * Math.Abs(derivative);
            if (layer.UseBias)
            {
                application.BiasGradient![j] += local[j];
                application.BiasMagnitude![j] += localMagnitude[j];
            }
        }

        var delta = new double[width];
        var deltaMagnitude = new double[width];
        for (var i = 0; i < width; i++)
        {
            for (var j = 0; j < width; j++)
            {
                kernelGradient[(i * width) + j] += input[i] * local[j];
                kernelMagnitude[(i * width) + j] += inputMagnitude[i] * localMagnitude[j];
                delta[i] += local[j] * kernel[(i * width) + j];
                deltaMagnitude[i] += localMagnitude[j] * Math.Abs(kernel[(i * width) + j]);
            }
        }

        return (delta, deltaMagnitude);
    }

    private static double Slope(ActivationKind activation, double output) => activation switch
    {
        ActivationKind.Sigmoid => output * (1 - output),
        ActivationKind.Tanh => 1 - (output * output),
        _ => 1.0,
    };

    /// <summary>One dense layer as the passes use it: its weights, and the sums its gradient and magnitude add to.</summary>
    private sealed record Application(
        DenseDescription Layer,
        ImmutableArray<float> Kernel,
        ImmutableArray<float> Bias,
        double[] KernelGradient,
        double[] KernelMagnitude,
        double[]? BiasGradient,
        double[]? BiasMagnitude)
    {
        public static Application Of(
            DenseDescription layer, WeightSet weights, Dictionary<string, double[]> gradient, Dictionary<string, double[]> magnitude)
        {
            var (kernel, bias) = ($"{layer.Name}/kernel", $"{layer.Name}/bias");
            return layer.UseBias
                ? new(layer, weights[kernel], weights[bias], gradient[kernel], magnitude[kernel], gradient[bias], magnitude[bias])
                : new(layer, weights[kernel], default, gradient[kernel], magnitude[kernel], null, null);
        }
    }
}
