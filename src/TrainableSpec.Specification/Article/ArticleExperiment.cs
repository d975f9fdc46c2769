using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Article;

/// <summary>
/// The experiment of the article the project grew from (Keras 2.1.6, "KerasのContainer内部のtrainable設定について検証してみた"):
/// a container <c>shared_layer</c> of two Dense(3, sigmoid, no bias) layers is applied by a model; the
/// container's flag and its first layer's flag (<c>layers[1]</c>, which is <c>dense_1</c>) are set; one epoch of
/// SGD(lr = 10) with mean squared error on 5 samples. Weights are Glorot uniform (U(−1, 1) for 3×3) and data
/// U[0, 1), both from <see cref="Seed"/>. Each case starts from the same weights (the article ran its cases one
/// after another on one model).
/// </summary>
public static class ArticleExperiment
{
    /// <summary>The seed of weights and data.</summary>
    public const int Seed = 2018;

    /// <summary>The article's learning rate.</summary>
    public const float LearningRate = 10f;

    /// <summary>Input of 3; <c>shared_layer</c> = [dense_1, dense_2]; the model applies <c>shared_layer</c>.</summary>
    public static TreeDescription Tree { get; } = new(
        3,
        [
            new DenseDescription("dense_1", ActivationKind.Sigmoid, UseBias: false),
            new DenseDescription("dense_2", ActivationKind.Sigmoid, UseBias: false),
            new ContainerDescription("shared_layer", ["dense_1", "dense_2"]),
            new ContainerDescription("model_1", ["shared_layer"]),
        ],
        "model_1");

    /// <summary>
    /// The article's model with <c>shared_layer</c> applied twice in a row (<c>model_1[shared_layer shared_layer]</c>):
    /// each of its weights is used twice, so its gradient is the sum of two uses and one fit steps it once.
    /// </summary>
    public static TreeDescription TreeWithContainerUsedTwice { get; } = new(
        3,
        [.. Tree.Nodes.Where(n => n.Name != Tree.Root), new ContainerDescription("model_1", ["shared_layer", "shared_layer"])],
        "model_1");

    /// <summary>The four cases: container flag × inner layer flag.</summary>
    public static ImmutableArray<ArticleCase> Cases { get; } =
        [new(true, true), new(true, false), new(false, true), new(false, false)];

    /// <summary>The scenario of one case.</summary>
    public static Scenario ScenarioOf(ArticleCase articleCase)
    {
        var (weights, data) = Drawn(5);
        return new Scenario(
            Tree,
            weights,
            data,
            [
                new SetTrainable("dense_1", articleCase.LayerTrainable),
                new SetTrainable("shared_layer", articleCase.ContainerTrainable),
                new Compile(LearningRate),
                Fit.Step,
            ]);
    }

    /// <summary>
    /// The scenario of <see cref="TreeWithContainerUsedTwice"/>: the article's weights and data, every flag true, one fit.
    /// </summary>
    public static Scenario ScenarioWithContainerUsedTwice()
    {
        var article = ScenarioOf(new ArticleCase(true, true));
        return article with { Tree = TreeWithContainerUsedTwice, Script = [new Compile(LearningRate), Fit.Step] };
    }

    /// <summary>
    /// The number of samples of <see cref="ScenarioWithManySamples"/>: more than any usual default batch (Keras' and
    /// TensorFlow.js' 32, the 64 to 256 of tf.data pipelines), and a power of two plus one, so an engine that fits in
    /// batches of its own takes a second step.
    /// </summary>
    public const int ManySamples = 257;

    /// <summary>
    /// The article's model and weights, every flag true, on <see cref="ManySamples"/> samples (drawn after the weights,
    /// as the article's five are): a fit is one step over all of its samples, however many there are.
    /// </summary>
    public static Scenario ScenarioWithManySamples()
    {
        var (weights, data) = Drawn(ManySamples);
        return new Scenario(Tree, weights, data, [new Compile(LearningRate), Fit.Step]);
    }

    // The weights, then the inputs and the targets of that many samples, all from Seed.
    private static (WeightSet Weights, TrainingData Data) Drawn(int samples)
    {
        var random = new Random(Seed);
        var weights = new WeightSet(Tree.WeightNames.Select(n => KeyValuePair.Create(n, Draw(random, 9, -1.0, 1.0))));
        return (weights, new TrainingData(Rows(random, samples), Rows(random, samples)));
    }

    private static ImmutableArray<ImmutableArray<float>> Rows(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => Draw(random, 3, 0.0, 1.0).ToImmutableArray())];

    private static float[] Draw(Random random, int count, double low, double high) =>
        [.. Enumerable.Range(0, count).Select(_ => (float)(low + (random.NextDouble() * (high - low))))];
}
