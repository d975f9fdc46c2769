namespace TrainableSpec.Engine.Tests;

/// <summary>The article's script, transcribed line by line onto the engine's API.</summary>
public sealed class ArticleTranscriptionTests
{
    private static (Model Model, Container SharedLayer) BuildArticleModel(int seed)
    {
        var keras = new Session(seed);
        var inputs = keras.Input(3);
        var x = new Dense(3, Activation.Sigmoid, useBias: false).Call(inputs);
        x = new Dense(3, Activation.Sigmoid, useBias: false).Call(x);
        var sharedLayer = new Container(inputs, x, name: "shared_layer");
        var y = sharedLayer.Call(inputs);
        var model = new Model(inputs, y);
        return (model, sharedLayer);
    }

    private static readonly float[][] TrainX =
        [[0.1f, 0.2f, 0.3f], [0.9f, 0.8f, 0.7f], [0.5f, 0.5f, 0.5f], [0.2f, 0.9f, 0.4f], [0.6f, 0.1f, 0.8f]];
    private static readonly float[][] TrainY =
        [[0.3f, 0.1f, 0.9f], [0.2f, 0.4f, 0.6f], [0.8f, 0.8f, 0.1f], [0.5f, 0.3f, 0.7f], [0.1f, 0.9f, 0.2f]];

    [Fact]
    public void Layers_are_named_as_in_the_article_and_layers_1_is_dense_1()
    {
        var (model, _) = BuildArticleModel(seed: 1);

        var shared = (Container)model.GetLayer("shared_layer");

        Assert.Equal(["input_1", "shared_layer"], model.Layers.Select(l => l.Name));
        Assert.Equal(["input_1", "dense_1", "dense_2"], shared.Layers.Select(l => l.Name));
        Assert.Equal("model_1", model.Name);
    }

    [Fact]
    public void Setting_the_container_flag_leaves_the_inner_flags_as_they_were()
    {
        var (model, _) = BuildArticleModel(seed: 1);
        var shared = (Container)model.GetLayer("shared_layer");
        shared.Layers[1].Trainable = false;

        shared.Trainable = false;

        Assert.False(shared.Trainable);
        Assert.Equal([("input_1", false), ("dense_1", false), ("dense_2", true)], shared.Layers.Select(l => (l.Name, l.Trainable)));
    }

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(true, false, false, true)]
    [InlineData(false, true, false, false)]
    [InlineData(false, false, false, false)]
    public void A_weight_is_updated_only_when_the_container_flag_and_its_layer_flag_are_true(
        bool container, bool dense1, bool dense1Updated, bool dense2Updated)
    {
        // Arrange
        var (model, shared) = BuildArticleModel(seed: 7);
        shared.Layers[1].Trainable = dense1;
        shared.Trainable = container;
        var before = shared.GetWeights();

        // Act
        model.Compile(new Sgd(10f), MeanSquaredError.Instance);
        model.Fit(TrainX, TrainY);

        // Assert
        var after = shared.GetWeights();
        Assert.Equal(dense1Updated, !before[0].SequenceEqual(after[0]));
        Assert.Equal(dense2Updated, !before[1].SequenceEqual(after[1]));
    }

    [Fact]
    public void The_same_model_built_twice_from_the_same_seed_has_the_same_names_and_weights()
    {
        var (first, _) = BuildArticleModel(seed: 3);
        var (second, _) = BuildArticleModel(seed: 3);

        Assert.Equal(first.Weights.Select(w => w.Name), second.Weights.Select(w => w.Name));
        Assert.Equal(first.GetWeights().SelectMany(w => w), second.GetWeights().SelectMany(w => w));
    }

    [Fact]
    public void Glorot_uniform_keeps_3_by_3_kernels_within_plus_minus_one()
    {
        var (model, _) = BuildArticleModel(seed: 11);

        Assert.All(model.GetWeights().SelectMany(w => w), v => Assert.InRange(v, -1f, 1f));
    }
}
