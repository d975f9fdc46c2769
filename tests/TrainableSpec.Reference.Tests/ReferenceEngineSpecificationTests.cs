using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

[assembly: ClaimsConformance(typeof(TrainabilitySpecificationTests))]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "keras-2.1.6")]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "keras-2.2")]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "tf-keras-2")]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "keras-3")]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "tfjs-4.22")]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "pytorch")]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "pytorch-filtered")]
[assembly: ClaimsConformance(typeof(PyTorchProfileSpecificationTests))]

namespace TrainableSpec.Reference.Tests;

/// <summary>The reference engine held to the whole specification, exactly as any other implementation would be.</summary>
public sealed class ReferenceEngineSpecificationTests(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
{
    protected override ITrainableImplementation CreateImplementation() => new ReferenceImplementation();
}

public sealed class ReferenceEngineCompletenessTests
{
    [Fact]
    public void The_reference_engine_derives_exactly_the_suites_it_claims_every_suite_and_profile() =>
        Assert.Empty(ConformanceSuites.Unmet(typeof(ReferenceEngineSpecificationTests).Assembly));
}

/// <summary>The reference engine in its PyTorch mode held to the PyTorch profile's own properties (optimizers, zero_grad modes).</summary>
public sealed class ReferenceEnginePyTorchProfileTests(ITestOutputHelper output) : PyTorchProfileSpecificationTests(output)
{
    protected override TrainableSpec.Specification.Contract.IPyTorchImplementation CreateImplementation() =>
        new ReferencePyTorchImplementation();
}
