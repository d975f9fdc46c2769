namespace TrainableSpec.Engine.Tests;

/// <summary>
/// Reading and writing a weight's values without a layer's list: one copy out (<see cref="Weight.CopyTo"/>), a view in
/// place (<see cref="Weight.AsSpan"/>), one copy in (<see cref="Weight.SetValues"/>), checked as SetWeights checks.
/// </summary>
public sealed class WeightAccessTests
{
    private static Dense Called()
    {
        var session = new Session(1);
        var dense = new Dense(2, name: "d");
        dense.Call(session.Input(2));
        return dense;
    }

    [Fact]
    public void CopyTo_copies_the_values_row_major_and_later_steps_do_not_reach_the_copy()
    {
        var dense = Called();
        var kernel = dense.Weights[0];
        kernel.SetValues([1f, 2f, 3f, 4f]);
        var copy = new float[kernel.Length];

        kernel.CopyTo(copy);
        kernel.SetValues([5f, 6f, 7f, 8f]);

        Assert.Equal(4, kernel.Length);
        Assert.Equal([1f, 2f, 3f, 4f], copy);
        Assert.Equal([5f, 6f, 7f, 8f], kernel.AsSpan().ToArray());
        Assert.Throws<ArgumentException>(() => kernel.CopyTo(new float[3]));
    }

    [Fact]
    public void SetValues_copies_its_argument_and_rejects_a_wrong_size_or_a_value_that_is_not_finite()
    {
        var dense = Called();
        var bias = dense.Weights[1];
        float[] values = [0.5f, -0.5f];

        bias.SetValues(values);
        values[0] = 9f;

        Assert.Equal([0.5f, -0.5f], bias.ToArray());
        Assert.StartsWith("SetValues on d/bias:", Assert.Throws<ShapeMismatchException>(() => bias.SetValues([1f])).Message);
        Assert.Throws<InvalidDataException>(() => bias.SetValues([1f, float.PositiveInfinity]));
        Assert.Equal([0.5f, -0.5f], bias.ToArray());
    }

    [Fact]
    public void A_null_array_given_to_SetWeights_is_named()
    {
        var dense = Called();

        var e = Assert.Throws<ArgumentNullException>(() => dense.SetWeights([new float[4], null!]));

        Assert.Contains("array 1 is null", e.Message);
    }

    [Fact]
    public void Layers_and_weights_are_equal_only_to_themselves_whatever_their_hash()
    {
        var (first, second) = (Called(), Called());

        Assert.NotEqual<Layer>(first, second);
        Assert.NotEqual(first.Weights[0], second.Weights[0]);
        Assert.Equal(2, new HashSet<Weight>([first.Weights[0], second.Weights[0], first.Weights[0]]).Count);
        Assert.Equal(2, new HashSet<Layer>([first, second, first]).Count);
    }
}
