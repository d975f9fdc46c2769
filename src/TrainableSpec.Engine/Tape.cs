namespace TrainableSpec.Engine;

/// <summary>
/// The tape of one evaluation of a network on a batch: the activations each layer call saw, kept on a stack so the
/// backward pass meets them in reverse, and the gradient of every weight summed over all of its uses.
/// </summary>
internal sealed class Tape(float[][] input)
{
    private readonly Stack<(float[][] Input, float[][] Output, object? State)> _calls = new();
    private readonly Dictionary<Weight, float[]> _gradients = new(ReferenceEqualityComparer.Instance);

    public float[][] Current { get; private set; } = input;

    public float[][] Gradient { get; set; } = [];

    public IReadOnlyDictionary<Weight, float[]> Gradients => _gradients;

    /// <summary>How each batch-normalization layer runs in this pass; inference unless a fit says otherwise.</summary>
    public Func<BatchNormalization, BatchNormMode> ModeOf { get; init; } = _ => BatchNormMode.Inference;

    public void Push(float[][] output, object? state = null)
    {
        _calls.Push((Current, output, state));
        Current = output;
    }

    public (float[][] Input, float[][] Output) Pop()
    {
        var call = _calls.Pop();
        return (call.Input, call.Output);
    }

    public (float[][] Input, float[][] Output, object? State) PopWithState() => _calls.Pop();

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
