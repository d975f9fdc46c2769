using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>libtorch, through TorchSharp, held to the whole specification exactly as the reference engine is.</summary>
public sealed class TorchSharpSpecificationTests(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
{
    protected override ITrainableImplementation CreateImplementation() => new TorchSharpImplementation();
}

/// <summary>TorchSharp's Keras semantics claim the keras-2.1.6 profile; the other profiles are the reference engine's modes.</summary>
public sealed class TorchSharpKeras216ProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override TrainableSpec.Specification.Profiles.FrameworkProfile Profile => TrainableSpec.Specification.Profiles.FrameworkProfiles.Keras216;

    protected override ITrainableImplementation CreateImplementation() => new TorchSharpImplementation();

    protected override bool SupportsBatchNormalization => false;
}

public sealed class TorchSharpCompletenessTests
{
    [Fact]
    public void Every_abstract_conformance_suite_is_derived_for_TorchSharp() =>
        Assert.Empty(ConformanceSuites.NotDerivedIn(typeof(TorchSharpSpecificationTests).Assembly));
}
