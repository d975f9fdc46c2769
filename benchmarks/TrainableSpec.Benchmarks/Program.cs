using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TrainableSpec.Benchmarks.PipelineBenchmarks).Assembly).Run(args);
