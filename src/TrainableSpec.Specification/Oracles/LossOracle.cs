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

    private static double[] Forward(TreeDescription tree, string node, double[] input, Func<string, int, double> weight)
    {
        switch (tree[node])
        {
            case ContainerDescription container:
                return container.Calls.Aggregate(input, (x, call) => Forward(tree, call, x, weight));
            case DenseDescription dense:
                var width = tree.Width;
                var output = new double[width];
                for (var j = 0; j < width; j++)
                {
                    var z = dense.UseBias ? weight($"{node}/bias", j) : 0.0;
                    for (var i = 0; i < width; i++)
                    {
                        z += input[i] * weight($"{node}/kernel", (i * width) + j);
                    }

                    output[j] = dense.Activation switch
                    {
                        ActivationKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-z)),
                        ActivationKind.Tanh => Math.Tanh(z),
                        _ => z,
                    };
                }

                return output;
            default:
                throw new InvalidDescriptionException($"Node '{node}' is neither a container nor a dense layer.");
        }
    }
}
