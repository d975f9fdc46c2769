using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>libtorch, through TorchSharp, held to the whole specification exactly as the reference engine is.</summary>
public sealed class TorchSharpSpecificationTests(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
{
    protected override ITrainableImplementation CreateImplementation() => new TorchSharpImplementation();
}

public sealed class TorchSharpCompletenessTests
{
    [Fact]
    public void Every_abstract_conformance_suite_is_derived_for_TorchSharp() =>
        Assert.Empty(ConformanceSuites.NotDerivedIn(typeof(TorchSharpSpecificationTests).Assembly));
}
