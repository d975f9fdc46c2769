using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>The reference engine held to the whole specification, exactly as any other implementation would be.</summary>
public sealed class ReferenceEngineSpecificationTests(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
{
    protected override ITrainableImplementation CreateImplementation() => new ReferenceImplementation();
}

public sealed class ReferenceEngineCompletenessTests
{
    [Fact]
    public void Every_abstract_conformance_suite_is_derived_for_the_reference_engine() =>
        Assert.Empty(ConformanceSuites.NotDerivedIn(typeof(ReferenceEngineSpecificationTests).Assembly));
}

/// <summary>The reference engine in its PyTorch mode held to the PyTorch profile's own properties (optimizers, zero_grad modes).</summary>
public sealed class ReferenceEnginePyTorchProfileTests(ITestOutputHelper output) : PyTorchProfileSpecificationTests(output)
{
    protected override TrainableSpec.Specification.Profiles.PyTorch.IPyTorchImplementation CreateImplementation() => new ReferencePyTorchImplementation();
}
