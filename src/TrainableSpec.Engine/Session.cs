namespace TrainableSpec.Engine;

/// <summary>
/// The scope in which layers get their default names and initial weights, like a Keras backend session.
/// Names count per session (<c>dense_1</c>, <c>dense_2</c>, …), never per process, so a model built twice
/// in two sessions gets the same names and, from the same seed, the same weights.
/// </summary>
public sealed class Session
{
    private readonly Dictionary<string, int> _counters = [];
    private readonly Random _random;
    private int _weights;

    /// <summary>
    /// Starts a session whose weight initialisation draws from <paramref name="seed"/>, under <paramref name="rule"/>
    /// (Keras 2.1.6 when null).
    /// </summary>
    public Session(int seed, TrainabilityRule? rule = null)
    {
        _random = new Random(seed);
        Rule = rule ?? TrainabilityRule.Keras216;
    }

    /// <summary>The freezing rule of every layer first called in this session and of every model built in it.</summary>
    public TrainabilityRule Rule { get; }

    /// <summary>Creates the symbolic input of a network: a batch of vectors of <paramref name="width"/> numbers.</summary>
    public Tensor Input(int width, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var layer = new InputLayer(width, name ?? UniqueName("input"));
        return new Tensor(this, width, layer, producerInput: null);
    }

    /// <summary>The next weight's index: the session's weights are numbered 0, 1, 2, … in the order they are created.</summary>
    internal int NextWeightIndex() => _weights++;

    internal string UniqueName(string prefix)
    {
        var next = _counters.GetValueOrDefault(prefix) + 1;
        _counters[prefix] = next;
        return $"{prefix}_{next}";
    }

    /// <summary>Draws from U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)), Keras' glorot_uniform.</summary>
    internal float[] GlorotUniform(int fanIn, int fanOut)
    {
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        var values = new float[fanIn * fanOut];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((_random.NextDouble() * 2.0) - 1.0) * limit);
        }

        return values;
    }
}
