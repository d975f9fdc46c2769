using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Tests.Descriptions;

/// <summary>
/// An observation made by node position holds the same flags by name, made once when first read; a count that does not
/// fit the tree is refused; equality follows what was given.
/// </summary>
public sealed class ObservationTests
{
    private static readonly TreeDescription Tree = new(
        2,
        [
            new DenseDescription("d2", ActivationKind.Linear, UseBias: false),
            new DenseDescription("d1", ActivationKind.Linear, UseBias: false),
            new ContainerDescription("model", ["d1", "d2"]),
        ],
        "model");

    private static readonly WeightSet Weights = new([]);

    [Fact]
    public void Flags_by_node_position_read_back_by_name_and_the_dictionary_is_made_once()
    {
        // Arrange
        var observation = Observation.ByNodePosition(Tree, [false, true, true], [], null, Weights);

        // Act
        var flags = observation.Flags;

        // Assert
        Assert.Equal(["d1", "d2", "model"], flags.Keys);
        Assert.Equal([true, false, true], flags.Values);
        Assert.Same(StringComparer.Ordinal, flags.KeyComparer);
        Assert.Same(flags, observation.Flags);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Flags_by_node_position_of_another_count_than_the_trees_nodes_are_refused(int count)
    {
        var e = Assert.Throws<ArgumentException>(
            () => Observation.ByNodePosition(Tree, [.. Enumerable.Repeat(true, count)], [], null, Weights));

        Assert.StartsWith($"The tree has 3 nodes, but {count} flags were given by node position.", e.Message);
        Assert.Equal("flags", e.ParamName);
    }

    [Fact]
    public void No_tree_or_no_array_of_flags_is_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Observation.ByNodePosition(null!, [true, true, true], [], null, Weights));
        var e = Assert.Throws<ArgumentException>(() => Observation.ByNodePosition(Tree, default, [], null, Weights));
        Assert.StartsWith("The tree has 3 nodes, but 0 flags were given by node position.", e.Message);
    }

    [Fact]
    public void A_copy_with_other_members_keeps_the_flags_by_node_position()
    {
        // Arrange
        var byPosition = Observation.ByNodePosition(Tree, [false, true, true], [], null, Weights);

        // Act
        var copy = byPosition with { Refused = true };

        // Assert: equal to the original again once Refused is back, which flags by name would not be.
        Assert.Equal(byPosition, copy with { Refused = false });
        Assert.Equal([true, false, true], copy.Flags.Values);
    }

    [Fact]
    public void Observations_are_equal_when_they_hold_the_same_flags_as_given_and_the_same_members()
    {
        // Arrange
        ImmutableArray<bool> flags = [true, false, true];
        var byPosition = Observation.ByNodePosition(Tree, flags, [], null, Weights);
        var dictionary = byPosition.Flags;

        // Act
        var samePosition = Observation.ByNodePosition(Tree, flags, [], null, Weights);
        var equalValues = Observation.ByNodePosition(Tree, [true, false, true], [], null, Weights);
        var byName = new Observation(dictionary, [], null, Weights);
        var renamed = byPosition with { Flags = dictionary };

        // Assert
        Assert.Equal(byPosition, samePosition);
        Assert.Equal(byPosition.GetHashCode(), samePosition.GetHashCode());
        Assert.NotEqual(byPosition, equalValues);
        Assert.NotEqual(byPosition, byName);
        Assert.Equal(byName, renamed);
        Assert.Equal(byName.GetHashCode(), renamed.GetHashCode());
        Assert.NotEqual(byPosition, samePosition with { Refused = true });
    }

    [Fact]
    public void Flags_given_by_name_are_held_as_given()
    {
        var flags = ImmutableSortedDictionary.Create<string, bool>(StringComparer.Ordinal).Add("model", false);

        var observation = new Observation(flags, [], null, Weights);

        Assert.Same(flags, observation.Flags);
        Assert.Same(flags, (observation with { Refused = true }).Flags);
    }
}
