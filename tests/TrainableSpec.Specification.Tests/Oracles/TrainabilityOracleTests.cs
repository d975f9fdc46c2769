using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Oracles;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Oracles;

public sealed class TrainabilityOracleTests
{
    [Theory]
    [InlineData(true, true, "dense_1/kernel dense_2/kernel")]
    [InlineData(true, false, "dense_2/kernel")]
    [InlineData(false, true, "")]
    [InlineData(false, false, "")]
    public void The_article_table_is_the_AND_of_the_container_and_layer_flags(bool container, bool layer, string trainable)
    {
        var flags = new Dictionary<string, bool> { ["shared_layer"] = container, ["dense_1"] = layer };

        var weights = TrainabilityOracle.TrainableWeights(ArticleExperiment.Tree, flags);

        Assert.Equal(trainable, string.Join(" ", weights));
    }

    [Fact]
    public void A_shared_layer_trains_when_one_of_its_paths_is_all_true()
    {
        var flags = new Dictionary<string, bool> { ["c1"] = false };

        var weights = TrainabilityOracle.TrainableWeights(SharedAcrossContainers, flags);

        Assert.Equal(["d2/kernel"], weights);
        Assert.Equal(2, TrainabilityOracle.FrozenPaths(SharedAcrossContainers, flags));
    }

    [Fact]
    public void A_frozen_model_freezes_everything_whatever_the_inner_flags()
    {
        var flags = new Dictionary<string, bool> { ["model"] = false, ["c1"] = true, ["d1"] = true };

        Assert.Empty(TrainabilityOracle.TrainableWeights(SharedAcrossContainers, flags));
    }
}
