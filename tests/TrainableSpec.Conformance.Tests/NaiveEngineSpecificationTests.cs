using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// The sample engine, written outside the reference engine and without a mistake, passes the whole suite as a third
/// party's would.
/// </summary>
public sealed class NaiveEngineSpecificationTests(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
{
    protected override ITrainableImplementation CreateImplementation() => new NaiveEngine();
}
