using TrainableSpec.Specification.Descriptions;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Descriptions;

public sealed class TreeDescriptionTests
{
    [Fact]
    public void A_container_that_calls_itself_is_rejected_naming_the_cycle()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() =>
            new TreeDescription(3, [Dense("d1"), Box("c1", "d1", "c1"), Box("model", "c1")], "model"));

        Assert.Equal("Container 'c1' contains itself: c1 → c1.", e.Message);
    }

    [Fact]
    public void A_container_inside_itself_through_another_is_rejected_naming_the_cycle()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() =>
            new TreeDescription(3, [Dense("d1"), Box("c1", "d1", "c2"), Box("c2", "c1"), Box("model", "c1")], "model"));

        Assert.Equal("Container 'c1' contains itself: c1 → c2 → c1.", e.Message);
    }

    [Fact]
    public void A_container_that_calls_the_model_is_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => new TreeDescription(3, [Box("c1", "model"), Box("model", "c1")], "model"));

        Assert.Equal("Container 'c1' calls the root 'model'; the model cannot be inside itself.", e.Message);
    }

    [Theory]
    [InlineData("unknown", "Container 'model' call 1 names 'unknown', which is not a node of the tree.")]
    [InlineData("", "Container 'model' call 1 names '', which is not a node of the tree.")]
    public void A_call_to_an_unknown_node_is_rejected_with_its_position(string call, string message)
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => new TreeDescription(3, [Dense("d1"), Box("model", "d1", call)], "model"));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Two_nodes_with_one_name_are_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() =>
            new TreeDescription(3, [Dense("d1"), Dense("d1"), Box("model", "d1")], "model"));

        Assert.Contains("'d1' is used by two nodes", e.Message);
    }

    [Fact]
    public void An_empty_container_is_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() =>
            new TreeDescription(3, [Dense("d1"), Box("c1"), Box("model", "d1", "c1")], "model"));

        Assert.Contains("Container 'c1' calls nothing", e.Message);
    }

    [Theory]
    [InlineData("d1")]
    [InlineData("missing")]
    public void A_root_that_is_not_a_container_of_the_tree_is_rejected(string root)
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => new TreeDescription(3, [Dense("d1"), Box("model", "d1")], root));

        Assert.Contains($"The root '{root}' must name a container", e.Message);
    }

    [Fact]
    public void A_width_that_is_not_positive_is_rejected()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => new TreeDescription(0, [Dense("d1"), Box("model", "d1")], "model"));

        Assert.Contains("width must be positive", e.Message);
    }

    [Fact]
    public void A_node_name_with_a_slash_is_rejected_because_weight_names_use_it()
    {
        var e = Assert.Throws<InvalidDescriptionException>(() => new TreeDescription(3, [Dense("a/b"), Box("model", "a/b")], "model"));

        Assert.Contains("contains '/'", e.Message);
    }

    [Fact]
    public void A_shared_tree_reports_uses_depth_forward_length_and_a_picture()
    {
        var tree = SharedAcrossContainers;

        Assert.Equal(2, tree.UseCounts()["d2"]);
        Assert.Equal(1, tree.Depth);
        Assert.Equal(3, tree.ForwardLength);
        Assert.Equal(["d1", "d2", "d2"], tree.ForwardSequence("model"));
        Assert.Equal("model[c1[d1 d2] d2]", tree.ToString());
        Assert.Equal(["d1/kernel", "d2/kernel"], tree.WeightNames);
    }

    [Fact]
    public void A_mixed_tree_pictures_activations_and_biases_and_knows_its_depth()
    {
        var tree = new TreeDescription(
            3,
            [
                new DenseDescription("d1", ActivationKind.Tanh, UseBias: true),
                new DenseDescription("d2", ActivationKind.Linear, UseBias: true),
                Box("c1", "d1"),
                Box("c2", "c1", "d2"),
                Box("model", "c2"),
            ],
            "model");

        Assert.Equal("model[c2[c1[d1(tanh,bias)] d2(linear,bias)]]", tree.ToString());
        Assert.Equal(2, tree.Depth);
        Assert.True(tree.Contains("c1"));
        Assert.False(tree.Contains("c9"));
        Assert.Contains("no node named 'c9'", Assert.Throws<InvalidDescriptionException>(() => tree["c9"]).Message);
        Assert.Equal(tree, new TreeDescription(3, tree.Nodes, "model"));
    }
}
