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

        // Act
        var smallest = SmallestMovement(
            scenarios, TrainableSpec.Specification.Profiles.FrameworkProfiles.Keras216, new ReferenceImplementation(), MinimumMovement);

        // Assert
        output.WriteLine($"smallest movement of a weight that must move: {smallest:R}");
        Assert.True(smallest < float.MaxValue, "No weight had to move in the sample.");
    }

    [Fact]
    public void At_every_fit_every_gradient_entry_is_negative_and_large_so_no_terms_cancel_and_every_use_adds()
    {
        // Arrange
        var scenarios = Enumerable.Range(0, 10)
            .SelectMany(i => Gen.Sample(ScenarioGenerators.Scenarios, 100, new Rnd(17UL + (ulong)i, 0x9E3779B97F4A7C15UL), 10 * (i + 1)));
        var (smallestKernel, smallestBias) = (double.MaxValue, double.MaxValue);

        // Act, Assert: outputs below the targets and non-negative activations make every entry of the gradient negative.
        foreach (var scenario in scenarios)
        {
            var run = new ReferenceImplementation().Run(scenario);
            for (var i = 0; i < scenario.Script.Length; i++)
            {
                if (scenario.Script[i] is not Fit)
                {
                    continue;
                }

                var gradient = GradientOracle.Of(scenario.Tree, i == 0 ? run.Initial : run.Steps[i - 1].Weights, scenario.Data);
                foreach (var (name, values) in gradient.Gradient)
                {
                    // The message (the whole scenario) is written only for an entry that fails: formatting it for every
                    // entry took most of this test's time.
                    foreach (var g in values)
                    {
                        if (!(g < 0))
                        {
                            Assert.Fail($"∂loss/∂{name} has an entry {g} ≥ 0 at step {i} of{Environment.NewLine}{scenario}");
                        }
                    }

                    var smallest = values.Min(Math.Abs);
                    (smallestKernel, smallestBias) = name.EndsWith("/bias", StringComparison.Ordinal)
                        ? (smallestKernel, Math.Min(smallestBias, smallest))
                        : (Math.Min(smallestKernel, smallest), smallestBias);
                }
            }
        }

        output.WriteLine($"smallest |gradient| entry: kernel {smallestKernel:G4}, bias {smallestBias:G4}");
        Assert.True(smallestKernel >= 2, $"a kernel gradient entry was only {smallestKernel}");
        Assert.True(smallestBias >= 4, $"a bias gradient entry was only {smallestBias}");
    }

    public static TheoryData<string, string, float> Families { get; } = FamiliesOf();

    [Theory]
    [MemberData(nameof(Families))]
    public void Under_every_profile_every_weight_that_must_move_moves_far_above_rounding(string family, string mode, float minimum)
    {
        // Arrange
        var generator = family switch
        {
            "stateful optimizers" => ScenarioGenerators.ScenariosWithStatefulOptimizers,
            "batch normalization" => ScenarioGenerators.ScenariosWithBatchNorm,
            _ => ScenarioGenerators.Scenarios,
        };
        var scenarios = Enumerable.Range(0, 4)
            .SelectMany(i => Gen.Sample(generator, 50, new Rnd(11UL + (ulong)i, 0x9E3779B97F4A7C15UL), 25 * (i + 1)));
        var (profile, implementation) = (ReferenceModes.Named(mode).Profile, ReferenceModes.Named(mode).Implementation());

        // Act
        var smallest = SmallestMovement(scenarios, profile, implementation, minimum);

        // Assert
        output.WriteLine($"{family} under {mode}: smallest movement of a weight that must move: {smallest:R}");
        Assert.True(smallest < float.MaxValue, "No weight had to move in the sample.");
    }

    // Asserts each weight the profile moves at a fit moved by at least the floor; returns the smallest movement seen.
    private static float SmallestMovement(
        IEnumerable<Scenario> scenarios,
        TrainableSpec.Specification.Profiles.FrameworkProfile profile,
        ReferenceImplementation implementation,
        float minimum)
    {
        var smallest = float.MaxValue;
        foreach (var scenario in scenarios)
        {
            var run = implementation.Run(scenario);
            var predictions = profile.Predict(scenario);
            for (var i = 0; i < scenario.Script.Length; i++)
            {
                var before = i == 0 ? run.Initial : run.Steps[i - 1].Weights;
                foreach (var weight in scenario.Script[i] is Fit ? predictions[i].Moving : [])
                {
                    var movement = before[weight].Zip(run.Steps[i].Weights[weight]).Max(p => Math.Abs(p.First - p.Second));
                    smallest = Math.Min(smallest, movement);
                    if (!(movement >= minimum))
                    {
                        // Formatted only on failure: the scenario's text for every weight was most of the test's time.
                        Assert.Fail($"{weight} moved only {movement:R} at step {i} of{Environment.NewLine}{scenario}");
                    }
                }
            }
        }

        return smallest;
    }

    // The floors the generators' comments promise: 1e-4 with SGD; 1e-5 with momentum at a tenth of the rate, Adam and AdamW;
    // 4e-5 behind a batch normalization.
    private static TheoryData<string, string, float> FamiliesOf()
    {
        var data = new TheoryData<string, string, float>();
        foreach (var name in ReferenceModes.All.Select(m => m.Profile.Name))
        {
            data.Add("sgd", name, 1e-4f);
            data.Add("stateful optimizers", name, 1e-5f);
            data.Add("batch normalization", name, 4e-5f);
        }

        return data;
    }
}
