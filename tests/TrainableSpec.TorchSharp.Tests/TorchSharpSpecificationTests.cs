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
    protected override TrainableSpec.Specification.Profiles.FrameworkProfile Profile => TrainableSpec.Specification.Profiles.FrameworkProfiles.Keras216;

    protected override ITrainableImplementation CreateImplementation() => new TorchSharpImplementation();

    protected override bool SupportsBatchNormalization => false;
}

public sealed class TorchSharpCompletenessTests
{
    [Fact]
    public void TorchSharp_derives_exactly_the_suites_it_claims() =>
        Assert.Empty(ConformanceSuites.Unmet(typeof(TorchSharpSpecificationTests).Assembly));

    [Fact]
    public void A_tree_with_a_batch_normalization_is_refused_naming_the_node()
    {
        var tree = new TrainableSpec.Specification.Descriptions.TreeDescription(1, [new TrainableSpec.Specification.Descriptions.BatchNormDescription("bn1"), new TrainableSpec.Specification.Descriptions.ContainerDescription("model", ["bn1"])], "model");
        var scenario = new TrainableSpec.Specification.Descriptions.Scenario(
            tree,
            new TrainableSpec.Specification.Descriptions.WeightSet(tree.WeightNames.Select(n => KeyValuePair.Create(n, new[] { 1f }))),
            new TrainableSpec.Specification.Descriptions.TrainingData([[1f]], [[2f]]),
            [new TrainableSpec.Specification.Descriptions.Compile(0.1f), TrainableSpec.Specification.Descriptions.Fit.Step]);

        var e = Assert.Throws<NotSupportedException>(() => new TorchSharpImplementation().Run(scenario));

        Assert.Contains("node 'bn1' is a batch normalization", e.Message);
    }
}
