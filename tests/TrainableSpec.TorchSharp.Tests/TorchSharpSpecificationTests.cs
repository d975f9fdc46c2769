using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

[assembly: ClaimsConformance(typeof(TrainabilitySpecificationTests))]
[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "keras-2.1.6")]
[assembly: ClaimsConformance(typeof(PyTorchProfileSpecificationTests))]

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>libtorch, through TorchSharp, held to the whole specification exactly as the reference engine is.</summary>
public sealed class TorchSharpSpecificationTests(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
{
    protected override ITrainableImplementation CreateImplementation() => new TorchSharpImplementation();
}

/// <summary>TorchSharp's Keras semantics claim the keras-2.1.6 profile; the other profiles are the reference engine's modes.</summary>
public sealed class TorchSharpKeras216ProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override TrainableSpec.Specification.Profiles.FrameworkProfile Profile =>
        TrainableSpec.Specification.Profiles.FrameworkProfiles.Keras216;

    protected override ITrainableImplementation CreateImplementation() => new TorchSharpImplementation();
}

public sealed class TorchSharpCompletenessTests
{
    [Fact]
    public void TorchSharp_derives_exactly_the_suites_it_claims() =>
        Assert.Empty(ConformanceSuites.Unmet(typeof(TorchSharpSpecificationTests).Assembly));
}
