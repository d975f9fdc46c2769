using TrainableSpec.Specification.Descriptions;
using TrainableSpec.TorchSharp.Native;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>A tree's weights read in one copy are the parameters' own values, or the read is refused.</summary>
public sealed class FlatWeightsTests
{
    // Loads libtorch (see LibTorchRuntime) before any tensor is made.
    public FlatWeightsTests() => LibTorchRuntime.EnsureLoaded();

    private static readonly TreeDescription OneLayer = new(
        2, [new DenseDescription("d1", ActivationKind.Linear, UseBias: true), new ContainerDescription("model", ["d1"])], "model");

    private static readonly WeightSet Identity = new([
        KeyValuePair.Create("d1/kernel", new[] { 1f, 0f, 0f, 1f }),
        KeyValuePair.Create("d1/bias", new[] { 0.5f, 0.25f }),
    ]);

    [Fact]
    public void A_step_in_place_on_a_parameter_is_what_the_next_read_holds()
    {
        // Arrange
        using var scope = NewDisposeScope();
        using var weights = new FlatWeights(OneLayer, Identity);

        // Act
        using (no_grad())
        {
            weights["d1/bias"].add_(ones(2));
        }

        // Assert
        Assert.Equal([1.5f, 1.25f], weights.Read()["d1/bias"].ToArray());
        Assert.Equal([1f, 0f, 0f, 1f], weights.Read()["d1/kernel"].ToArray());
        weights.CheckParametersOverSegments();
    }

    [Fact]
    public void A_parameter_given_new_storage_is_refused_rather_than_read_stale()
    {
        // Arrange
        using var scope = NewDisposeScope();
        using var weights = new FlatWeights(OneLayer, Identity);

        // Act: the parameter now reads another tensor's storage, which the flat read would not see.
        using (no_grad())
        {
            weights["d1/kernel"].set_(zeros(2, 2));
        }

        // Assert
        var e = Assert.Throws<InvalidOperationException>(weights.CheckParametersOverSegments);
        Assert.Contains("'d1/kernel'", e.Message, StringComparison.Ordinal);
    }
}
