using TrainableSpec.Reference;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>
/// A batch normalization after dense layers: its moving statistics move in place during the forward pass, after
/// autograd saved the second layer's kernel (saved because that layer's input requires a gradient). The generators put
/// a batch normalization first only, so this case is pinned here: libtorch must not see the kernel as modified (the
/// statistics are kept apart from the weights the forward pass reads) and the run must match the reference engine.
/// </summary>
public sealed class BatchNormAfterDenseTests
{
    [Fact]
    public void A_batch_normalization_after_dense_layers_trains_as_the_reference_engine_does()
    {
        // Arrange
        var tree = new TreeDescription(
            2,
            [
                new DenseDescription("d1", ActivationKind.Tanh, UseBias: true),
                new BatchNormDescription("bn1"),
                new DenseDescription("d2", ActivationKind.Linear, UseBias: false),
                new ContainerDescription("model", ["d1", "d2", "bn1"]),
            ],
            "model");
        var weights = new WeightSet(
        [
            KeyValuePair.Create("d1/kernel", new[] { 0.5f, -0.25f, 0.125f, 0.75f }),
            KeyValuePair.Create("d1/bias", new[] { 0.1f, -0.2f }),
            KeyValuePair.Create("bn1/beta", new[] { 0.05f, 0.15f }),
            KeyValuePair.Create("bn1/moving_mean", new[] { 0f, 0f }),
            KeyValuePair.Create("bn1/moving_variance", new[] { 1f, 1f }),
            KeyValuePair.Create("d2/kernel", new[] { -0.5f, 0.25f, 0.625f, -0.375f }),
        ]);
        var scenario = new Scenario(
            tree,
            weights,
            new TrainingData([[0.9f, 0.6f], [0.7f, 0.5f], [0.8f, 0.4f]], [[1f, 2f], [2f, 1f], [1.5f, 1.5f]]),
            [new Compile(0.01f, KerasOptimizer.Adam), Fit.Step, Fit.Step]);

        // Act
        var torch = new TorchSharpImplementation().Run(scenario);
        var reference = new ReferenceImplementation().Run(scenario);

        // Assert
        Assert.Equal(
            ["bn1/beta", "bn1/moving_mean", "bn1/moving_variance", "d1/bias", "d1/kernel", "d2/kernel"],
            torch.Steps[^1].Weights.ChangedFrom(torch.Initial));
        Assert.InRange(DifferentialProperties.LargestRelativeDifference(torch, reference), 0, DifferentialProperties.Tolerance / 10);
    }
}
