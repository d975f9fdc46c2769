namespace TrainableSpec.Engine;

/// <summary>
/// The scope in which layers get their default names and initial weights, like a Keras backend session.
/// Names count per session (<c>dense_1</c>, <c>dense_2</c>, …), never per process, so a model built twice
/// in two sessions gets the same names and, from the same seed, the same weights.
/// </summary>
public sealed class Session
{
    private readonly int _seed;
    private readonly bool _initialisesWeights;

    // Made at their first use: a session whose layers are all named and whose weights are all assigned needs neither the
    // generator nor more than the inputs' count. The common kinds count in an array, any other prefix in the list.
    private readonly int[] _counts = new int[DefaultNames.Kinds];
    private List<(string Prefix, int Count)>? _counters;
    private Random? _random;
    private int _weights;

    /// <summary>
    /// Starts a session whose weight initialisation draws from <paramref name="seed"/>, under <paramref name="rule"/>
    /// (Keras 2.1.6 when null).
    /// </summary>
    public Session(int seed, TrainabilityRule? rule = null)
        : this(seed, rule, initialisesWeights: true)
    {
    }

    /// <summary>
    /// A session whose layers, without <paramref name="initialisesWeights"/>, create their kernels as zeros instead of
    /// drawing them: for a caller that assigns every weight at once after building, which the draws would only delay.
    /// </summary>
    internal Session(int seed, TrainabilityRule? rule, bool initialisesWeights)
    {
        _seed = seed;
        _initialisesWeights = initialisesWeights;
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
        if (DefaultNames.KindOf(prefix) is var kind and >= 0)
        {
            return DefaultNames.Of(kind, ++_counts[kind]);
        }

        // A short list searched in order: a subclass's prefix.
        var counters = _counters ??= [];
        var at = 0;
        while (at < counters.Count && counters[at].Prefix != prefix)
        {
            at++;
        }

        if (at == counters.Count)
        {
            counters.Add((prefix, 0));
        }

        var next = counters[at].Count + 1;
        counters[at] = (prefix, next);
        return $"{prefix}_{next}";
    }

    /// <summary>
    /// Draws from U(-limit, limit) with limit = sqrt(6 / (fanIn + fanOut)), Keras' glorot_uniform; zeros, drawing nothing,
    /// in a session that does not initialise weights.
    /// </summary>
    internal float[] GlorotUniform(int fanIn, int fanOut)
    {
        var values = new float[fanIn * fanOut];
        if (!_initialisesWeights)
        {
            return values;
        }

        var random = _random ??= new Random(_seed);
        var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(((random.NextDouble() * 2.0) - 1.0) * limit);
        }

        return values;
    }
}
