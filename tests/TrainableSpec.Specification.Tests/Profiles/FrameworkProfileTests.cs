using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Profiles;

/// <summary>Each profile's oracle on small hand-worked scripts, beyond the matrix's rows.</summary>
public sealed class FrameworkProfileTests
{
    private static Scenario On(TreeDescription tree, params ScriptStep[] script)
    {
        var weights = new WeightSet(tree.WeightNames.Select(n => KeyValuePair.Create(
            n,
            Enumerable.Repeat(1f, n.EndsWith("/kernel", StringComparison.Ordinal) ? tree.Width * tree.Width : tree.Width).ToArray())));
        var row = Enumerable.Repeat(1f, tree.Width).ToImmutableArray();
        return new Scenario(tree, weights, new TrainingData([row], [row]), [.. script]).Validated();
    }

    private static TreeDescription Nested => new(
        1,
        [Dense("d1"), Dense("d2"), Box("inner", "d1"), Box("middle", "inner"), Box("outer", "middle", "d2"), Box("model", "outer")],
        "model");

    [Fact]
    public void Under_tf_keras_2_a_setter_writes_every_node_below_including_a_shared_one_but_no_node_above()
    {
        var predictions = FrameworkProfiles.TfKeras2.Predict(On(SharedAcrossContainers, new SetTrainable("c1", false)));

        Assert.False(predictions[0].Flags["d1"]);
        Assert.False(predictions[0].Flags["d2"]);
        Assert.True(predictions[0].Flags["model"]);
    }

    [Fact]
    public void Under_tf_keras_2_a_fit_trains_what_the_compile_saw_and_the_flags_read_as_written_afterwards()
    {
        var predictions = FrameworkProfiles.TfKeras2.Predict(
            On(SharedAcrossContainers, new Compile(1f), new SetTrainable("model", false), Fit.Step));

        Assert.Equal(["d1/kernel", "d2/kernel"], predictions[^1].Moving);
        Assert.False(predictions[^1].Flags["d1"]);
        Assert.Null(predictions[^1].Warning);
    }

    [Fact]
    public void Under_keras_3_a_layer_shared_by_two_containers_follows_the_last_setter_and_trains_through_a_frozen_one()
    {
        // d2 sits in c1 and directly in the model: c1 = False writes d2's variable last.
        var frozenLast = FrameworkProfiles.Keras3.Predict(
            On(SharedAcrossContainers, new SetTrainable("d2", true), new SetTrainable("c1", false), new Compile(1f), Fit.Step));
        var unfrozenLast = FrameworkProfiles.Keras3.Predict(
            On(SharedAcrossContainers, new SetTrainable("c1", false), new SetTrainable("d1", true), new Compile(1f), Fit.Step));

        Assert.Empty(frozenLast[^1].Moving);
        Assert.Equal(["d1/kernel"], unfrozenLast[^1].Moving);
    }

    [Fact]
    public void Under_tfjs_freezing_the_middle_of_three_containers_after_compile_leaves_its_grandchild_training()
    {
        var middle = FrameworkProfiles.Tfjs422.Predict(On(Nested, new Compile(1f), new SetTrainable("middle", false), Fit.Step));
        var parent = FrameworkProfiles.Tfjs422.Predict(On(Nested, new Compile(1f), new SetTrainable("inner", false), Fit.Step));

        Assert.Equal(["d1/kernel", "d2/kernel"], middle[^1].Moving);
        Assert.Equal(["d2/kernel"], parent[^1].Moving);
        Assert.True(middle[^1].Flags["d1"], "The container's setter wrote d1's flag, but tfjs writes only its children's variables.");
    }

    [Fact]
    public void Under_tfjs_unfreezing_waits_for_a_recompile_and_a_fit_with_nothing_left_is_refused()
    {
        var predictions = FrameworkProfiles.Tfjs422.Predict(
            On(Nested, new SetTrainable("model", false), new Compile(1f), new SetTrainable("model", true), Fit.Step,
                new Compile(1f), Fit.Step));

        Assert.True(predictions[3].Refused);
        Assert.Empty(predictions[3].Moving);
        Assert.False(predictions[^1].Refused);
        Assert.Equal(["d1/kernel", "d2/kernel"], predictions[^1].Moving);
    }

    [Fact]
    public void Under_pytorch_the_optimizer_holds_every_parameter_and_a_fit_with_none_requiring_grad_is_refused()
    {
        var predictions = FrameworkProfiles.PyTorch.Predict(On(Nested, new SetTrainable("model", false), new Compile(1f), Fit.Step));

        Assert.Equal(["d1/kernel", "d2/kernel"], predictions[1].Collected);
        Assert.True(predictions[2].Refused);
        Assert.False(predictions[2].Flags["outer"]);
    }

    [Fact]
    public void Under_pytorch_a_refused_fit_still_moves_the_running_statistics_but_under_tfjs_it_does_not()
    {
        var tree = new TreeDescription(1, [new BatchNormDescription("bn1"), Dense("d1"), Box("model", "bn1", "d1")], "model");
        var script = new ScriptStep[] { new SetTrainable("model", false), new Compile(1f), Fit.Step };

        Assert.Equal(["bn1/moving_mean", "bn1/moving_variance"], FrameworkProfiles.PyTorch.Predict(On(tree, script))[^1].Moving);
        Assert.Empty(FrameworkProfiles.Tfjs422.Predict(On(tree, script))[^1].Moving);
    }

    [Fact]
    public void Under_pytorch_filtered_freezing_after_compile_takes_effect_at_once_and_unfreezing_waits_for_a_recompile()
    {
        var predictions = FrameworkProfiles.PyTorchFiltered.Predict(
            On(Nested, new SetTrainable("d1", false), new Compile(1f), new SetTrainable("d1", true), new SetTrainable("d2", false),
                Fit.Step, new Compile(1f), Fit.Step));

        Assert.Equal(["d2/kernel"], predictions[1].Collected);
        Assert.False(predictions[4].Refused, "d1 requires grad, so backward runs, though the optimizer holds only d2.");
        Assert.Empty(predictions[4].Moving);
        Assert.Equal(["d1/kernel"], predictions[^1].Moving);
    }

    [Fact]
    public void Under_pytorch_filtered_a_compile_with_nothing_requiring_grad_is_refused_and_the_last_optimizer_stays()
    {
        var predictions = FrameworkProfiles.PyTorchFiltered.Predict(
            On(Nested, new SetTrainable("d2", false), new Compile(1f), new SetTrainable("model", false), new Compile(1f),
                new SetTrainable("model", true), Fit.Step));

        Assert.False(predictions[1].Refused);
        Assert.True(predictions[3].Refused);
        Assert.Empty(predictions[3].Collected!);
        Assert.Equal(["d1/kernel"], predictions[^1].Moving);
    }

    [Fact]
    public void Under_pytorch_filtered_a_fit_with_no_optimizer_ever_built_is_refused_before_the_forward_pass()
    {
        var tree = new TreeDescription(1, [new BatchNormDescription("bn1"), Dense("d1"), Box("model", "bn1", "d1")], "model");
        var refusedCompile = FrameworkProfiles.PyTorchFiltered.Predict(
            On(tree, new SetTrainable("model", false), new Compile(1f), Fit.Step));
        var frozenAfter = FrameworkProfiles.PyTorchFiltered.Predict(
            On(tree, new Compile(1f), new SetTrainable("model", false), Fit.Step));

        Assert.True(refusedCompile[1].Refused);
        Assert.True(refusedCompile[^1].Refused);
        Assert.Empty(refusedCompile[^1].Moving);
        Assert.True(frozenAfter[^1].Refused);
        Assert.Equal(["bn1/moving_mean", "bn1/moving_variance"], frozenAfter[^1].Moving);
    }

    [Fact]
    public void Only_pytorch_filtered_rebuilds_its_optimizer_at_each_compile_and_only_the_pytorch_profiles_use_torchs_formulas()
    {
        Assert.Equal(["pytorch-filtered"], FrameworkProfiles.All.Where(p => p.RebuildsOptimizerAtEachCompile).Select(p => p.Name));
        Assert.Equal(["pytorch", "pytorch-filtered"], FrameworkProfiles.All.Where(p => p.UsesTorchOptimizers).Select(p => p.Name));
        Assert.False(FrameworkProfiles.PyTorchFiltered.KeepsOptimizerStateAcrossCompiles);
    }

    [Fact]
    public void Under_keras_2_the_statistics_follow_the_flags_at_the_first_fit_after_compile_and_beta_the_flags_at_compile()
    {
        var tree = new TreeDescription(1, [new BatchNormDescription("bn1"), Dense("d1"), Box("model", "bn1", "d1")], "model");

        var predictions = FrameworkProfiles.Keras216.Predict(
            On(tree, new Compile(1f), new SetTrainable("bn1", false), Fit.Step, new SetTrainable("bn1", true), Fit.Step));

        Assert.Equal(["bn1/beta", "d1/kernel"], predictions[2].Moving);
        Assert.Equal(["bn1/beta", "d1/kernel"], predictions[4].Moving);
    }

    [Fact]
    public void An_unknown_profile_name_is_rejected_listing_the_profiles()
    {
        var e = Assert.Throws<ArgumentException>(() => FrameworkProfiles.Named("keras-4"));

        Assert.Contains(
            "There is no profile 'keras-4'; the profiles are keras-2.1.6, keras-2.2, tf-keras-2, keras-3, tfjs-4.22, pytorch, "
                + "pytorch-filtered.",
            e.Message);
    }

    [Fact]
    public void Every_profile_refuses_to_predict_a_fit_before_a_compile()
    {
        var scenario = new Scenario(
            SharedAcrossContainers,
            new WeightSet(SharedAcrossContainers.WeightNames.Select(n => KeyValuePair.Create(n, new float[9]))),
            new TrainingData([[1f, 1f, 1f]], [[2f, 2f, 2f]]),
            [Fit.Step]);

        foreach (var profile in FrameworkProfiles.All)
        {
            Assert.Equal(
                "A fit comes before any compile.",
                Assert.Throws<InvalidDescriptionException>(() => profile.Predict(scenario)).Message);
        }
    }

    [Theory]
    [InlineData(
        "keras-2.1.6",
        "Keras 2 offers no per-variable trainable flag, but a step is d1/kernel.trainable=F; freeze the layer instead.")]
    [InlineData(
        "keras-2.2",
        "Keras 2 offers no per-variable trainable flag, but a step is d1/kernel.trainable=F; freeze the layer instead.")]
    [InlineData(
        "tf-keras-2",
        "tf-keras-2 offers no per-variable trainable flag, but a step is d1/kernel.trainable=F; freeze the layer instead.")]
    public void A_framework_without_variable_flags_rejects_a_script_that_assigns_one(string name, string message)
    {
        var profile = FrameworkProfiles.Named(name);
        var scenario = On(SharedAcrossContainers, new SetVariableTrainable("d1/kernel", false), new Compile(1f), Fit.Step);

        Assert.False(profile.Offers(scenario));
        Assert.Equal(message, Assert.Throws<InvalidDescriptionException>(() => profile.Predict(scenario)).Message);
        Assert.Equal("scenario", Assert.Throws<ArgumentNullException>(() => profile.Offers(null!)).ParamName);
    }
}
