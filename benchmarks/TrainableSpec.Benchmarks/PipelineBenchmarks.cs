using BenchmarkDotNet.Attributes;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Properties;
using TrainableSpec.TorchSharp;

namespace TrainableSpec.Benchmarks;

/// <summary>
/// Scenarios per second, 1,000 scenarios per operation (divide the time per operation by 1,000): the whole
/// pipeline (generate, build, train, check), the reference engine's work alone (build and train the same,
/// already generated scenarios), and the generators alone.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class PipelineBenchmarks
{
    private readonly ReferenceImplementation _reference = new();
    private TorchSharpImplementation _torch = null!;
    private Scenario[] _scenarios = [];

    [GlobalSetup]
    public void Setup()
    {
        _torch = new TorchSharpImplementation();
        _scenarios = ScenarioBatch.Generate();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ScenarioBatch.Count)]
    public int ReferencePipeline() => Pipeline(_reference);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int TorchSharpPipeline() => Pipeline(_torch);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int ReferenceEngineAlone() => _scenarios.Sum(s => _reference.Run(s).Steps.Length);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int GeneratorsAlone() => ScenarioBatch.Generate().Length;

    private static int Pipeline(ITrainableImplementation implementation) =>
        ScenarioBatch.Generate().Sum(s => ScenarioChecks.Failures(s, implementation.Run(s)).Length);
}
