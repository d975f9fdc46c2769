using System.Collections.Immutable;
using System.Runtime.InteropServices;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Tests.Descriptions;

/// <summary>
/// A weight set's names are in ordinal order however they are given; its comparisons are bit-for-bit; the factories
/// hold the given values without copying them, the constructor copies.
/// </summary>
public sealed class WeightSetTests
{
    [Fact]
    public void Names_are_in_ordinal_order_whichever_way_the_set_is_made()
    {
        string[] given = ["d2/kernel", "D1/kernel", "d1/bias", "d1/kernel"];
        string[] ordinal = ["D1/kernel", "d1/bias", "d1/kernel", "d2/kernel"];

        var constructed = new WeightSet(given.Select(n => KeyValuePair.Create(n, new[] { 1f })));
        var fromPairs = WeightSet.Create(given.Select(n => KeyValuePair.Create(n, ImmutableArray.Create(1f))));
        var fromArrays = WeightSet.Create([.. given], [.. given.Select(_ => ImmutableArray.Create(1f))]);

        Assert.Equal(ordinal, constructed.Names);
        Assert.Equal(ordinal, fromPairs.Names);
        Assert.Equal(ordinal, fromArrays.Names);
    }

    [Fact]
    public void The_factories_hold_the_values_given_and_the_constructor_copies_them()
    {
        var values = new[] { 1f, 2f };
        var held = ImmutableCollectionsMarshal.AsImmutableArray(values);

        var fromPairs = WeightSet.Create([KeyValuePair.Create("d1/kernel", held)]);
        var fromArrays = WeightSet.Create(["d1/kernel"], [held]);
        var constructed = new WeightSet([KeyValuePair.Create("d1/kernel", values)]);

        Assert.Same(values, ImmutableCollectionsMarshal.AsArray(fromPairs["d1/kernel"]));
        Assert.Same(values, ImmutableCollectionsMarshal.AsArray(fromArrays["d1/kernel"]));
        Assert.NotSame(values, ImmutableCollectionsMarshal.AsArray(constructed["d1/kernel"]));
    }

    [Fact]
    public void A_repeated_name_a_missing_array_or_arrays_of_two_lengths_are_rejected()
    {
        ImmutableArray<float> one = [1f];

        Assert.Throws<ArgumentException>(
            () => new WeightSet([KeyValuePair.Create("a", new[] { 1f }), KeyValuePair.Create("a", new[] { 1f })]));
        Assert.Throws<ArgumentException>(() => WeightSet.Create([KeyValuePair.Create("b", one), KeyValuePair.Create("b", one)]));
        Assert.Throws<ArgumentException>(() => WeightSet.Create(["b", "a", "b"], [one, one, one]));
        Assert.Throws<ArgumentException>(() => WeightSet.Create(["a", "b"], [one]));
        Assert.Throws<ArgumentException>(() => WeightSet.Create(["a"], [default]));
        Assert.Throws<ArgumentException>(() => WeightSet.Create([KeyValuePair.Create("a", default(ImmutableArray<float>))]));
    }

    [Fact]
    public void Lookups_changes_and_subsets_find_each_name_wherever_it_sorts()
    {
        var before = WeightSet.Create(["a", "b", "c"], [[1f], [2f], [-0f]]);
        var after = before.With("c", [0f]).With("b", [2f]).With("ab", [5f]);

        Assert.True(after.Contains("ab"));
        Assert.False(before.Contains("ab"));
        Assert.Equal(["a", "ab", "b", "c"], after.Names);
        Assert.Equal(["ab", "c"], after.ChangedFrom(before));
        Assert.True(after.BitIdentical(before, "b"));
        Assert.False(after.BitIdentical(before, "ab"));
        Assert.Equal(["a", "c"], after.Only(["c", "a", "zz"]).Names);
        Assert.Equal(5f, after["ab"][0]);
        Assert.Throws<InvalidDescriptionException>(() => before["ab"]);
        Assert.Equal("a=[1]; b=[2]; c=[-0]", before.ToString());
    }
}
