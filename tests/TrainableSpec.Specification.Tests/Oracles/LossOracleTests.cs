using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Tests.Oracles;

/// <summary>The double-precision loss and its central differences, by hand and against the loss with one entry shifted.</summary>
public sealed class LossOracleTests
{
    // model[d1], width 1, x = 1, y = 3: L(w) = (w − 3)², so at w = 2 the derivative is 2(w − 3) = −2.
    private static readonly TreeDescription OneWeight =
        new(1, [new DenseDescription("d1", ActivationKind.Linear, UseBias: false), new ContainerDescription("model", ["d1"])], "model");

    private static readonly WeightSet Two = new([KeyValuePair.Create("d1/kernel", new[] { 2f })]);

    private static readonly TrainingData OneSample = new([[1f]], [[3f]]);

    [Fact]
    public void The_central_difference_of_a_single_weight_is_its_derivative_worked_by_hand()
    {
        // Act
        var differences = LossOracle.CentralDifferences(OneWeight, Two, OneSample, "d1/kernel", h: 1e-4);

        // Assert: L is quadratic, so the central difference is exact up to the rounding of (w ± h − 3)².
        Assert.Equal(-2.0, Assert.Single(differences), precision: 9);
    }

    [Fact]
    public void A_weight_the_tree_does_not_apply_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => LossOracle.CentralDifferences(OneWeight, Two, OneSample, "d9/kernel", 1e-4));

        Assert.StartsWith("'d9/kernel' is not a weight of a dense layer the tree applies.", e.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 30, StartSize = 60, EndSize = 60)]
    public Property Central_differences_are_the_loss_with_one_entry_shifted_at_every_use_bit_for_bit()
    {
        // Arrange: any activation, bias and sharing; a shared layer's entry must be shifted at every use.
        var probes = Arb.From(ScenarioGenerators.GradientProbes, ScenarioShrinker.Shrink);

        return Prop.ForAll(probes, probe =>
        {
            const double h = 1e-4;
            foreach (var name in probe.Weights.Names)
            {
                // Act
                var differences = LossOracle.CentralDifferences(probe.Tree, probe.Weights, probe.Data, name, h);

                // Assert: the same doubles as shifting the entry through the lookup the loss takes by name.
                for (var i = 0; i < differences.Length; i++)
                {
                    var expected = (Shifted(probe, name, i, h) - Shifted(probe, name, i, -h)) / (2 * h);
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(differences[i]));
                }
            }
        });
    }

    private static double Shifted(Contract.GradientProbe probe, string name, int index, double delta) =>
        LossOracle.Loss(probe.Tree, (n, i) => probe.Weights[n][i] + (n == name && i == index ? delta : 0.0), probe.Data);
}
