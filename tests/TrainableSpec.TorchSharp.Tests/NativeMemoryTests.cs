using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Generators;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp.Tests;

/// <summary>
/// Native tensors are disposed with each scenario, so memory does not grow with the number of cases. Resident
/// memory alone cannot show a missed dispose (TorchSharp's finalizers free a lost tensor at the next
/// collection, measured), so the test also counts the tensors this thread created and has not disposed.
/// </summary>
[Collection(nameof(NativeMemoryTests))]
public sealed class NativeMemoryTests(ITestOutputHelper output)
{
    private const long AllowedGrowth = 48L * 1024 * 1024;

    [Fact]
    public void Ten_thousand_generated_cases_keep_the_resident_memory_flat()
    {
        // Arrange: warm up allocators, JIT and libtorch's caches first.
        var implementation = new TorchSharpImplementation();
        RunCases(implementation, 1_000, seed: 1);
        var before = ResidentBytes();
        var liveBefore = global::TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        // Act
        RunCases(implementation, 10_000, seed: 2);
        var liveAfter = global::TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var after = ResidentBytes();

        // Assert
        output.WriteLine(
            $"resident memory before {before / 1048576.0:F1} MiB, after 10,000 cases {after / 1048576.0:F1} MiB; "
            + $"live tensors {liveBefore} → {liveAfter}");
        Assert.Equal(liveBefore, liveAfter);
        Assert.True(after - before < AllowedGrowth, $"Resident memory grew by {(after - before) / 1048576.0:F1} MiB over 10,000 cases.");
    }

    private static void RunCases(TorchSharpImplementation implementation, int count, ulong seed)
    {
        for (var chunk = 0; chunk < count / 500; chunk++)
        {
            foreach (var scenario in Gen.Sample(
                ScenarioGenerators.Scenarios, 500, new Rnd(seed * 1000 + (ulong)chunk, 0x9E3779B97F4A7C15UL), 60))
            {
                implementation.Run(scenario);
            }
        }
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}

/// <summary>Resident memory is the whole process's, so the memory test runs alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(NativeMemoryTests), DisableParallelization = true)]
public sealed class NativeMemoryCollection;
