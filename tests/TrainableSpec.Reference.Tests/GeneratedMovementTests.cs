using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>
/// The generators' promise, measured on the reference engine: in every generated scenario each weight that must
/// move moves far above float32 rounding, so "changed" in the properties never hinges on a few ulps.
/// </summary>
public sealed class GeneratedMovementTests(ITestOutputHelper output)
{
    private const float MinimumMovement = 1e-4f;

    [Fact]
    public void Every_weight_that_must_move_moves_by_at_least_1e_4_at_every_fit()
    {
        // Arrange
        var scenarios = Enumerable.Range(0, 10)
            .SelectMany(i => Gen.Sample(ScenarioGenerators.Scenarios, 100, new Rnd(7UL + (ulong)i, 0x9E3779B97F4A7C15UL), 10 * (i + 1)));
        var implementation = new ReferenceImplementation();
        var smallest = float.MaxValue;

        // Act
        foreach (var scenario in scenarios)
        {
            var run = implementation.Run(scenario);
            var predictions = ScriptOracle.Predict(scenario);
            for (var i = 0; i < scenario.Script.Length; i++)
            {
                var before = i == 0 ? run.Initial : run.Steps[i - 1].Weights;
                foreach (var weight in predictions[i].Moving)
                {
                    var movement = before[weight].Zip(run.Steps[i].Weights[weight]).Max(p => Math.Abs(p.First - p.Second));
                    smallest = Math.Min(smallest, movement);
                    Assert.True(movement >= MinimumMovement, $"{weight} moved only {movement:R} at step {i} of{Environment.NewLine}{scenario}");
                }
            }
        }

        // Assert
        output.WriteLine($"smallest movement of a weight that must move: {smallest:R}");
        Assert.True(smallest < float.MaxValue, "No weight had to move in the sample.");
    }
}
