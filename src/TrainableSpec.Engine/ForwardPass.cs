namespace TrainableSpec.Engine;

/// <summary>
/// One evaluation of a network on a batch: the activations each layer call saw, kept on a stack so the
/// backward pass meets them in reverse, and the gradient of every weight summed over all of its uses.
/// </summary>
internal sealed class ForwardPass(float[][] input)
{
    private readonly Stack<(Layer Layer, float[][] Input, float[][] Output)> _calls = new();
    private readonly Dictionary<Weight, float[]> _gradients = new(ReferenceEqualityComparer.Instance);

    public float[][] Current { get; private set; } = input;

    public float[][] Gradient { get; set; } = [];

    public IReadOnlyDictionary<Weight, float[]> Gradients => _gradients;

    public void Push(Layer layer, float[][] output)
    {
        _calls.Push((layer, Current, output));
        Current = output;
    }

    public (float[][] Input, float[][] Output) Pop(Layer layer)
    {
        var call = _calls.Pop();
        return ReferenceEquals(call.Layer, layer)
            ? (call.Input, call.Output)
            : throw new InvalidOperationException($"Backward pass out of order: expected {call.Layer}, got {layer}.");
    }

    public float[] GradientOf(Weight weight)
    {
        if (!_gradients.TryGetValue(weight, out var gradient))
        {
            gradient = new float[weight.Values.Length];
            _gradients.Add(weight, gradient);
        }

        return gradient;
    }
}
