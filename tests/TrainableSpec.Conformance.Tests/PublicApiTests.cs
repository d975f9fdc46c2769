using PublicApiGenerator;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;

namespace TrainableSpec.Conformance.Tests;

/// <summary>The public API of the packages, pinned: an accidental breaking change fails here and shows as a diff.</summary>
public sealed class PublicApiTests
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
    };

    // Passed, not left to the calling assembly: each test below calls in tail position, and optimized code drops its frame.
    private static readonly System.Reflection.Assembly Here = typeof(PublicApiTests).Assembly;

    [Fact]
    public void The_specification_packages_public_API_is_the_accepted_one() =>
        Snapshot.Verify(
            "PublicApi.TrainableSpec.Specification", typeof(ITrainableImplementation).Assembly.GeneratePublicApi(Options), Here);

    [Fact]
    public void The_properties_packages_public_API_is_the_accepted_one() =>
        Snapshot.Verify(
            "PublicApi.TrainableSpec.Specification.Properties", typeof(PropertyCheck).Assembly.GeneratePublicApi(Options), Here);

    [Fact]
    public void The_conformance_packages_public_API_is_the_accepted_one() =>
        Snapshot.Verify(
            "PublicApi.TrainableSpec.Conformance", typeof(TrainabilitySpecificationTests).Assembly.GeneratePublicApi(Options), Here);
}
