using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Properties;
using Xunit.Abstractions;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>libtorch and the reference engine, side by side on the same scenarios.</summary>
public sealed class DifferentialTests(ITestOutputHelper output)
{
    [Fact]
    public void TorchSharp_and_the_reference_engine_change_the_same_weights_and_end_within_tolerance()
    {
        var property = DifferentialProperties.TwoImplementationsChangeTheSameWeightsAndEndWithinTolerance(
            new TorchSharpImplementation(), new ReferenceImplementation());

        var report = PropertyCheck.Assert("differential", property, TrainabilityProperties.Cases, CheckSettings.FromEnvironment());

        output.WriteLine(report.Message);
    }

    [Fact]
    public void The_largest_difference_measured_is_well_inside_the_tolerance()
    {
        var torch = new TorchSharpImplementation();
        var reference = new ReferenceImplementation();
        var scenarios = Gen.Sample(ScenarioGenerators.Scenarios, 500, new Rnd(11, 13), 100);

        var largest = scenarios.Max(s => DifferentialProperties.LargestRelativeDifference(torch.Run(s), reference.Run(s)));

        output.WriteLine($"largest relative difference over 500 scenarios: {largest:R}");
        Assert.InRange(largest, 0, DifferentialProperties.Tolerance / 10);
    }
}
