using TrainableSpec.Specification.Oracles;

namespace TrainableSpec.Specification.Tests.Oracles;

public sealed class ExpectedUpdateTests
{
    private static readonly ExpectedUpdate TwoValues = new(1, "d1/kernel", [1.0, 2.0], [0.5, 0.25], [0.0, 0.0]);

    [Theory]
    [InlineData(1.0f, 2.0f)]
    [InlineData(1.5f, 2.25f)] // both on the edge of their tolerance: within
    [InlineData(0.5f, 1.75f)]
    public void Values_within_their_tolerance_match(float first, float second)
    {
        Assert.Null(TwoValues.FirstMismatch([first, second]));
    }

    [Theory]
    [InlineData(1.5001f, 2.0f, 0)]
    [InlineData(1.0f, 2.2501f, 1)]
    [InlineData(1.0f, 1.7499f, 1)]
    [InlineData(3.0f, 9.0f, 0)]
    [InlineData(float.NaN, 2.0f, 0)]
    [InlineData(1.0f, float.PositiveInfinity, 1)]
    public void The_first_value_outside_its_tolerance_is_named_by_its_index(float first, float second, int index)
    {
        Assert.Equal(index, TwoValues.FirstMismatch([first, second]));
    }

    [Fact]
    public void An_expectation_or_a_tolerance_that_is_not_finite_never_matches()
    {
        // Arrange
        var infiniteTolerance = TwoValues with { Tolerance = [double.PositiveInfinity, 0.25] };
        var nanTolerance = TwoValues with { Tolerance = [0.5, double.NaN] };
        var infiniteValue = TwoValues with { Values = [double.PositiveInfinity, 2.0], Tolerance = [double.PositiveInfinity, 0.25] };

        // Act and Assert
        Assert.Equal(0, infiniteTolerance.FirstMismatch([1.0f, 2.0f]));
        Assert.Equal(1, nanTolerance.FirstMismatch([1.0f, 2.0f]));
        Assert.Equal(0, infiniteValue.FirstMismatch([float.PositiveInfinity, 2.0f]));
    }
}
