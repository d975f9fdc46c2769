using BenchmarkDotNet.Attributes;
using TrainableSpec.Reference;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Properties;
using TrainableSpec.TorchSharp;

namespace TrainableSpec.Benchmarks;

/// <summary>
/// Scenarios per second, 1,000 scenarios per operation (divide the time per operation by 1,000): the whole
/// pipeline (generate, build, train, check), the reference engine's and TorchSharp's work alone (build and train the
/// same, already generated scenarios), the generators alone, and the checking alone (the oracle's predictions, and all
/// per-scenario checks including those predictions, on runs made beforehand).
/// </summary>
/// <remarks>
/// Twenty iterations and the median beside the mean: on a shared virtual machine a neighbour's burst lands in a few
/// iterations, which move the mean far more than the median.
/// </remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 20)]
[MedianColumn]
public class PipelineBenchmarks
{
    private readonly ReferenceImplementation _reference = new();
    private TorchSharpImplementation _torch = null!;
    private Scenario[] _scenarios = [];
    private ScenarioRun[] _runs = [];

    [GlobalSetup]
    public void Setup()
    {
        _torch = new TorchSharpImplementation();
        _scenarios = ScenarioBatch.Generate();
        _runs = [.. _scenarios.Select(_reference.Run)];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = ScenarioBatch.Count)]
    public int ReferencePipeline() => Pipeline(_reference);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int TorchSharpPipeline() => Pipeline(_torch);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int ReferenceEngineAlone() => _scenarios.Sum(s => _reference.Run(s).Steps.Length);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int TorchSharpAlone() => _scenarios.Sum(s => _torch.Run(s).Steps.Length);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int GeneratorsAlone() => ScenarioBatch.Stream().Count();

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int OracleAlone() => _scenarios.Sum(s => ScriptOracle.Predict(s).Length);

    [Benchmark(OperationsPerInvoke = ScenarioBatch.Count)]
    public int ChecksAlone() => _scenarios.Select((s, i) => ScenarioChecks.Failures(s, _runs[i]).Length).Sum();

    private static int Pipeline(ITrainableImplementation implementation) =>
        ScenarioBatch.Stream().Sum(s => ScenarioChecks.Failures(s, implementation.Run(s)).Length);
}
