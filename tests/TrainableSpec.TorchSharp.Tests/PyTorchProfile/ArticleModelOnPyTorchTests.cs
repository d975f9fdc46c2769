using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.TorchSharp.Tests.PyTorchProfile;

/// <summary>The PyTorch 1.13 measurements on the article's model, reproduced on TorchSharp.</summary>
public sealed class ArticleModelOnPyTorchTests
{
    private static readonly TorchSharpPyTorchImplementation Torch = new();

    private static PyTorchScenario Article(OptimizerKind kind, ZeroGradMode mode, params TorchStep[] script)
    {
        var article = ArticleExperiment.ScenarioOf(new ArticleCase(true, true));
        return new PyTorchScenario(
            article.Tree,
            article.InitialWeights,
            article.Data,
            new OptimizerChoice(kind, ArticleExperiment.LearningRate),
            mode,
            [.. script]);
    }

    private static bool Moved(PyTorchRun run, int step, string weight) =>
        !run.Steps[step].Weights.BitIdentical(step == 0 ? run.Initial : run.Steps[step - 1].Weights, weight);

    [Fact]
    public void Freezing_the_container_then_unfreezing_the_inner_layer_trains_the_inner_layer_so_there_is_no_AND()
    {
        // Arrange
        var scenario = Article(OptimizerKind.Sgd, ZeroGradMode.SetToNone,
            new RequiresGrad("shared_layer", false), new RequiresGrad("dense_1", true), TrainStep.Step);

        // Act
        var run = Torch.Run(scenario);

        // Assert
        Assert.True(Moved(run, 2, "dense_1/kernel"));
        Assert.False(Moved(run, 2, "dense_2/kernel"));
    }

    [Theory]
    [InlineData(OptimizerKind.SgdMomentum, ZeroGradMode.Zero, true)]
    [InlineData(OptimizerKind.SgdWeightDecay, ZeroGradMode.Zero, true)]
    [InlineData(OptimizerKind.Adam, ZeroGradMode.Zero, true)]
    [InlineData(OptimizerKind.Sgd, ZeroGradMode.Zero, false)]
    [InlineData(OptimizerKind.SgdMomentum, ZeroGradMode.SetToNone, false)]
    [InlineData(OptimizerKind.SgdWeightDecay, ZeroGradMode.SetToNone, false)]
    [InlineData(OptimizerKind.Adam, ZeroGradMode.SetToNone, false)]
    public void A_layer_frozen_after_one_step_moves_at_the_next_step_only_with_stale_zeroed_gradients_and_optimizer_state(
        OptimizerKind kind, ZeroGradMode mode, bool moves)
    {
        // Arrange
        var scenario = Article(kind, mode, TrainStep.Step, new RequiresGrad("dense_1", false), TrainStep.Step);

        // Act
        var run = Torch.Run(scenario);

        // Assert
        Assert.Equal(moves, Moved(run, 2, "dense_1/kernel"));
        Assert.True(Moved(run, 2, "dense_2/kernel"));
    }
}
