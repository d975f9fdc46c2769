namespace TrainableSpec.Engine;

/// <summary>Keras' mean_squared_error averaged over the batch: mean over samples and outputs of (prediction − target)².</summary>
public sealed class MeanSquaredError
{
    /// <summary>The one instance; the loss has no parameters.</summary>
    public static MeanSquaredError Instance { get; } = new();

    private MeanSquaredError()
    {
    }

    /// <summary>
    /// The loss of the <paramref name="count"/> flat, sample-major <paramref name="predictions"/> of
    /// <paramref name="width"/> values against targets <paramref name="start"/> onwards of <paramref name="targets"/>.
    /// </summary>
    internal static float Value(float[] predictions, int count, int width, float[][] targets, int start)
    {
        var sum = 0f;
        for (var s = 0; s < count; s++)
        {
            var target = targets[start + s];
            for (var j = 0; j < width; j++)
            {
                var error = predictions[(s * width) + j] - target[j];
                sum += error * error;
            }
        }

        return sum / (count * width);
    }

    /// <summary>
    /// Writes the loss's gradient with respect to each prediction into <paramref name="gradient"/>, laid out as
    /// <see cref="Value"/> reads the predictions.
    /// </summary>
    internal static void Gradient(float[] predictions, int count, int width, float[][] targets, int start, float[] gradient)
    {
        var scale = 2f / (count * width);
        for (var s = 0; s < count; s++)
        {
            var target = targets[start + s];
            for (var j = 0; j < width; j++)
            {
                gradient[(s * width) + j] = scale * (predictions[(s * width) + j] - target[j]);
            }
        }
    }
}
