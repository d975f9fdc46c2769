using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;

namespace TrainableSpec.Specification.Tests.Generators;

/// <summary>
/// The generators draw the numbers their documentation states: the whole signed ranges where nothing needs to move,
/// small rates where momentum accumulates, and variables' flags both ways where a framework offers them.
/// </summary>
public sealed class NumberRangeTests
{
    private static readonly Rnd Seed = new(20180416UL, 0x9E3779B97F4A7C15UL);

    [Fact]
    public void Any_number_scenarios_use_kernels_in_plus_minus_1_biases_in_plus_minus_a_half_and_data_in_plus_minus_3()
    {
        // Arrange
        var sample = Gen.Sample(ScenarioGenerators.ScenariosWithAnyNumbers(sharing: true), 300, Seed, 50);

        // Act
        var kernels = sample.SelectMany(s => s.Tree.WeightNames.Where(n => n.EndsWith("/kernel", StringComparison.Ordinal))
            .SelectMany(n => s.InitialWeights[n])).ToArray();
        var biases = sample.SelectMany(s => s.Tree.WeightNames.Where(n => n.EndsWith("/bias", StringComparison.Ordinal))
            .SelectMany(n => s.InitialWeights[n])).ToArray();
        var inputs = sample.SelectMany(s => s.Data.X.SelectMany(r => r)).ToArray();
        var targets = sample.SelectMany(s => s.Data.Y.SelectMany(r => r)).ToArray();

        // Assert: within the range, and reaching into both halves of it.
        AssertSpans(kernels, 1.0);
        AssertSpans(biases, 0.5);
        AssertSpans(inputs, 3.0);
        AssertSpans(targets, 3.0);
    }

    [Fact]
    public void Gradient_probes_use_kernels_in_plus_minus_1_biases_in_plus_minus_a_half_and_data_in_plus_minus_1()
    {
        // Arrange
        var sample = Gen.Sample(ScenarioGenerators.GradientProbes, 300, Seed, 50);

        // Act
        var kernels = sample.SelectMany(p => p.Tree.WeightNames.Where(n => n.EndsWith("/kernel", StringComparison.Ordinal))
            .SelectMany(n => p.Weights[n])).ToArray();
        var biases = sample.SelectMany(p => p.Tree.WeightNames.Where(n => n.EndsWith("/bias", StringComparison.Ordinal))
            .SelectMany(n => p.Weights[n])).ToArray();

        // Assert
        AssertSpans(kernels, 1.0);
        AssertSpans(biases, 0.5);
        AssertSpans([.. sample.SelectMany(p => p.Data.X.SelectMany(r => r))], 1.0);
        AssertSpans([.. sample.SelectMany(p => p.Data.Y.SelectMany(r => r))], 1.0);
    }

    [Fact]
    public void Momentum_and_nesterov_compile_at_a_tenth_of_sgds_rates()
    {
        // Act
        var compiles = Gen.Sample(ScenarioGenerators.ScenariosWithStatefulOptimizers, 300, Seed, 50)
            .SelectMany(s => s.Script.OfType<Compile>())
            .Where(c => c.Optimizer is KerasOptimizer.Momentum or KerasOptimizer.Nesterov)
            .ToArray();

        // Assert
        Assert.NotEmpty(compiles);
        Assert.All(compiles, c => Assert.Contains(c.LearningRate, new[] { 5e-6f, 1e-5f }));
    }

    [Fact]
    public void Scripts_with_variable_flags_assign_variables_both_ways_and_others_never()
    {
        // Act
        var with = Gen.Sample(ScenarioGenerators.ScenariosWithAnyNumbers(sharing: true, variableFlags: true), 300, Seed, 50)
            .SelectMany(s => s.Script.OfType<SetVariableTrainable>()).ToArray();
        var without = Gen.Sample(ScenarioGenerators.ScenariosWithAnyNumbers(sharing: true), 300, Seed, 50)
            .SelectMany(s => s.Script.OfType<SetVariableTrainable>());

        // Assert
        Assert.Contains(with, s => s.Value);
        Assert.Contains(with, s => !s.Value);
        Assert.Empty(without);
    }

    private static void AssertSpans(float[] values, double bound)
    {
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        Assert.Contains(values, v => v < -bound / 2);
        Assert.Contains(values, v => v > bound / 2);
    }

    [Theory]
    [InlineData(1.0, 0.5)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    [InlineData(-1e9, 0.0)]
    public void A_grid_range_with_bounds_out_of_order_not_finite_or_too_large_is_rejected_naming_them(double low, double high)
    {
        // Act
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GridRange(low, high));

        // Assert
        Assert.Contains($"[{low}, {high}]", error.Message);
    }
}
