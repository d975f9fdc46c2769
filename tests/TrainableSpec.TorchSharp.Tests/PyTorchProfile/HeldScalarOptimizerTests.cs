using System.Runtime.InteropServices;
using TorchSharp.Modules;
using TrainableSpec.Specification.Profiles.PyTorch;
using TrainableSpec.TorchSharp.Native;
using static TorchSharp.torch;

namespace TrainableSpec.TorchSharp.Tests.PyTorchProfile;

/// <summary>
/// The PyTorch profile's optimizers step with every native Scalar held: bit for bit as TorchSharp's own
/// <c>optim.SGD</c>/<c>optim.Adam</c>, and unharmed by collections and finalizers during their native calls, which
/// freed TorchSharp's temporary Scalars mid-call (libtorch's <c>toFloat</c> check failing in <c>addcdiv_</c>).
/// </summary>
[Collection(nameof(HeldScalarOptimizerTests))]
public sealed class HeldScalarOptimizerTests
{
    // Loads libtorch (see LibTorchRuntime) before any tensor is made.
    public HeldScalarOptimizerTests() => LibTorchRuntime.EnsureLoaded();

    private static readonly long[][] Shapes = [[4, 4], [4], [5], [3, 7]];

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.SgdMomentum)]
    [InlineData(OptimizerKind.SgdWeightDecay)]
    [InlineData(OptimizerKind.Adam)]
    public void Steps_bit_for_bit_as_TorchSharps_own_optimizer_with_gradients_sometimes_none(OptimizerKind kind)
    {
        // Arrange
        using var scope = NewDisposeScope();
        var choice = new OptimizerChoice(kind, 0.05f);
        var ours = Parameters(seed: 1);
        var theirs = Parameters(seed: 1);
        using var held = TorchSharpPyTorchImplementation.Create(choice, ours);
        using var own = Stock(choice, theirs);
        var random = new Random(2);

        for (var step = 0; step < 6; step++)
        {
            for (var i = 0; i < Shapes.Length; i++)
            {
                // Every fourth (step, parameter) has no gradient: Adam's per-parameter step count then differs.
                var gradient = (step + i) % 4 == 3 ? null : Values(random, Shapes[i]);
                ours[i].grad = gradient is null ? null : tensor(gradient, Shapes[i]);
                theirs[i].grad = gradient is null ? null : tensor(gradient, Shapes[i]);
            }

            // Act
            held.step();
            own.step();

            // Assert
            for (var i = 0; i < Shapes.Length; i++)
            {
                Assert.True(Bits(ours[i]).SequenceEqual(Bits(theirs[i])), $"{kind}: parameter {i} differs after step {step + 1}.");
            }
        }
    }

    [Fact]
    public void Steps_are_unchanged_while_another_thread_collects_and_runs_finalizers_throughout()
    {
        // Arrange: the same steps without the collecting thread (TorchSharp's own optimizers are not the reference
        // here: their Scalars are the ones a collection can free).
        using var scope = NewDisposeScope();
        var kinds = Enum.GetValues<OptimizerKind>();
        var expected = kinds.Select(kind => Train(kind, TorchSharpPyTorchImplementation.Create, collecting: false)).ToArray();

        // Act: a collection during a native call let a finalizer free one of TorchSharp's temporary Scalars (the
        // run above has also brought TorchSharp's tensor methods to optimized code, where a Scalar is dead once its
        // handle is read).
        var actual = kinds.Select(kind => Train(kind, TorchSharpPyTorchImplementation.Create, collecting: true)).ToArray();

        // Assert
        for (var k = 0; k < kinds.Length; k++)
        {
            Assert.True(expected[k].SequenceEqual(actual[k]), $"{kinds[k]} stepped differently under collections.");
        }
    }

    private static int[] Train(
        OptimizerKind kind, Func<OptimizerChoice, IEnumerable<Parameter>, optim.Optimizer> create, bool collecting)
    {
        // Many small parameters: a Scalar's window is one native call, and each parameter's update makes several.
        const int Steps = 300, Count = 8;
        var random = new Random(4);
        var parameters = Enumerable.Range(0, Count).Select(_ => new Parameter(tensor(Values(random, [8]), [8]))).ToArray();
        foreach (var parameter in parameters)
        {
            parameter.grad = tensor(Values(random, [8]), [8]);
        }

        using var optimizer = create(new OptimizerChoice(kind, 1e-3f), parameters);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect(0);
                GC.WaitForPendingFinalizers();
            }
        })
        { IsBackground = true };
        if (collecting)
        {
            collector.Start();
        }

        try
        {
            for (var step = 0; step < Steps; step++)
            {
                optimizer.step();
            }
        }
        finally
        {
            stop.Cancel();
            if (collecting)
            {
                collector.Join();
            }
        }

        return [.. parameters.SelectMany(Bits)];
    }

    private static optim.Optimizer Stock(OptimizerChoice choice, IEnumerable<Parameter> parameters) => choice.Kind switch
    {
        OptimizerKind.SgdMomentum => optim.SGD(parameters, choice.LearningRate, momentum: OptimizerChoice.Momentum),
        OptimizerKind.SgdWeightDecay => optim.SGD(parameters, choice.LearningRate, weight_decay: OptimizerChoice.WeightDecay),
        OptimizerKind.Adam => optim.Adam(parameters, choice.LearningRate),
        _ => optim.SGD(parameters, choice.LearningRate),
    };

    private static Parameter[] Parameters(int seed)
    {
        var random = new Random(seed);
        return [.. Shapes.Select(shape => new Parameter(tensor(Values(random, shape), shape)))];
    }

    private static float[] Values(Random random, long[] shape) =>
        [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)((random.NextDouble() * 2) - 1))];

    private static int[] Bits(Parameter parameter)
    {
        using var data = parameter.data<float>();
        return MemoryMarshal.Cast<float, int>(data.ToArray().AsSpan()).ToArray();
    }
}

/// <summary>The collecting thread would slow every test running beside it, so these tests run alone.</summary>
[CollectionDefinition(nameof(HeldScalarOptimizerTests), DisableParallelization = true)]
public sealed class HeldScalarOptimizerCollection;
