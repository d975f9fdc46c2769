namespace TrainableSpec.Engine;

/// <summary>Keras' mean_squared_error averaged over the batch: mean over samples and outputs of (prediction − target)².</summary>
public sealed class MeanSquaredError
{
    /// <summary>The one instance; the loss has no parameters.</summary>
    public static MeanSquaredError Instance { get; } = new();

    private MeanSquaredError()
    {
    }

    internal static float Value(float[][] predictions, float[][] targets)
    {
        var sum = 0f;
        for (var s = 0; s < predictions.Length; s++)
        {
            for (var j = 0; j < predictions[s].Length; j++)
            {
                var error = predictions[s][j] - targets[s][j];
                sum += error * error;
            }
        }

        return sum / (predictions.Length * predictions[0].Length);
    }

    internal static float[][] Gradient(float[][] predictions, float[][] targets)
    {
        var scale = 2f / (predictions.Length * predictions[0].Length);
        return [.. predictions.Select((row, s) => row.Select((p, j) => scale * (p - targets[s][j])).ToArray())];
    }
}
