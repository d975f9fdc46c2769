using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Profiles.PyTorch;
using Xunit.Abstractions;

namespace TrainableSpec.TorchSharp.Tests.PyTorchProfile;

/// <summary>TorchSharp's native freezing behaviour held to the PyTorch profile.</summary>
public sealed class TorchSharpPyTorchProfileSpecificationTests(ITestOutputHelper output) : PyTorchProfileSpecificationTests(output)
{
    protected override IPyTorchImplementation CreateImplementation() => new TorchSharpPyTorchImplementation();
}
