using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Oracles;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using static TrainableSpec.Specification.Tests.Trees;

namespace TrainableSpec.Specification.Tests.Properties;

/// <summary>
/// Each check on one hand-written run: silent on the run a correct Keras 2.1.6 engine reports, and on a wrong one,
/// the message an implementer reads — what differs, at which step, and by how much.
/// </summary>
public sealed class ScenarioChecksTests
{
    // model[d1], width 1, w = 2, x = 1, y = 3: ∂L/∂w = −2, so SGD(0.1) moves w to 2.2.
    private static readonly TreeDescription OneWeight = new(1, [Dense("d1"), Box("model", "d1")], "model");

    private static readonly Scenario FrozenThenTrained = new(
        OneWeight, Weights(2f), new TrainingData([[1f]], [[3f]]),
        [new SetTrainable("d1", false), new Compile(0.1f), Fit.Step, new SetTrainable("d1", true), Fit.Step, new Compile(0.1f), Fit.Step]);

    /// <summary>What a correct engine reports for <see cref="FrozenThenTrained"/>.</summary>
    private static ScenarioRun Correct(float final = 2.2f) => new(Weights(2f),
    [
        Observe(false, 2f),
        Observe(false, 2f),
        Observe(false, 2f),
        Observe(true, 2f),
        Observe(true, 2f) with { Warning = new StaleWarning(["d1/kernel"], []) },
        Observe(true, 2f) with { Collected = ["d1/kernel"] },
        Observe(true, final),
    ]);

    [Fact]
    public void Every_check_is_silent_on_the_run_of_a_correct_engine()
    {
        Assert.Empty(ScenarioChecks.Failures(FrozenThenTrained, Correct()));
        Assert.Empty(ScenarioChecks.Failures(FrozenThenTrained, Correct(), FrameworkProfiles.Keras22));
    }

    [Fact]
    public void A_weight_that_did_not_move_is_named_with_the_step_and_what_the_last_compile_collected()
    {
        // Act
        var failure = ScenarioChecks.Moves(FrozenThenTrained, Correct(final: 2f), Predictions());

        // Assert
        Assert.Equal("At step 6 (fit): changed [], but the weights trainable at the last compile are [d1/kernel].", failure);
    }

    [Fact]
    public void A_weight_moved_at_a_compile_is_named_with_the_step_though_every_fit_after_it_steps_right()
    {
        // Arrange: the last compile puts d1 back at 2.2 − 0.2 = 2.0 (say, from the model's first weights), and the fit after
        // it steps from there as SGD must: only the compile is wrong.
        var run = Correct();
        run = run with
        {
            Steps = run.Steps
                .SetItem(5, run.Steps[5] with { Weights = Weights(1.8f) })
                .SetItem(6, run.Steps[6] with { Weights = Weights(2f) }),
        };

        // Act
        var failure = ScenarioChecks.Moves(FrozenThenTrained, run, Predictions());

        // Assert
        Assert.Equal(
            "At step 5 (compile(sgd 0.1)): changed [d1/kernel], but only a fit changes weights: after any other step every "
            + "weight is bit-identical to the observation before.",
            failure);
    }

    [Fact]
    public void A_weight_moved_at_a_flag_assignment_is_named_with_the_step()
    {
        // Arrange: setting d1's flag nudges its weight.
        var run = Correct();
        run = run with { Steps = run.Steps.SetItem(0, run.Steps[0] with { Weights = Weights(2.5f) }) };

        // Act
        var failure = ScenarioChecks.Moves(FrozenThenTrained, run, Predictions());

        // Assert
        Assert.Equal(
            "At step 0 (d1.trainable=F): changed [d1/kernel], but only a fit changes weights: after any other step every "
            + "weight is bit-identical to the observation before.",
            failure);
    }

    [Fact]
    public void Every_check_called_alone_names_a_run_that_ended_early_or_lost_a_weight_instead_of_throwing()
    {
        // Arrange: the last fit's observation missing, or the weight missing from it (the shape check, which Failures runs
        // first, is not called here).
        var run = Correct();
        var ended = run with { Steps = run.Steps[..6] };
        var lost = run with { Steps = run.Steps.SetItem(6, run.Steps[6] with { Weights = new WeightSet([]) }) };
        Func<Scenario, ScenarioRun, ImmutableArray<Prediction>, string?>[] checks =
        [
            .. ScenarioChecks.All.Select(c => c.Check),
            ScenarioChecks.Moves,
            ScenarioChecks.NeverTrainableIsBitIdentical,
            ScenarioChecks.FlagsReadBack,
            ScenarioChecks.CollectedOnce,
            ScenarioChecks.CompileTiming,
            ScenarioChecks.Values,
            ScenarioChecks.ValuesUnder(FrameworkProfiles.Keras3),
        ];

        // Act
        var endedEarly = checks.Select(check => check(FrozenThenTrained, ended, Predictions())).Distinct().ToArray();
        var lostWeight = checks.Select(check => check(FrozenThenTrained, lost, Predictions())).Distinct().ToArray();

        // Assert
        Assert.Equal("The implementation reported 6 observations for 7 script steps.", Assert.Single(endedEarly));
        Assert.Equal("After step 6 (fit) the observation lacks weight 'd1/kernel'.", Assert.Single(lostWeight));
    }

    [Fact]
    public void Every_check_names_an_observation_with_a_member_left_null_or_default_instead_of_throwing()
    {
        // Arrange: a third party's engine may leave what a check reads unset.
        var run = Correct();
        var broken = new (ScenarioRun Run, string Failure)[]
        {
            (run with { Initial = null! }, "The implementation reported no initial weights."),
            (run with { Steps = default }, "The implementation reported no observations."),
            (run with { Steps = run.Steps.SetItem(5, null!) }, "After step 5 (compile(sgd 0.1)) the observation is missing."),
            (run with { Steps = run.Steps.SetItem(5, run.Steps[5] with { Flags = null! }) },
                "After step 5 (compile(sgd 0.1)) the observation holds no flags."),
            (run with { Steps = run.Steps.SetItem(5, run.Steps[5] with { Collected = default }) },
                "After step 5 (compile(sgd 0.1)) the observation holds no list of collected weights "
                    + "(an empty one when nothing was collected)."),
            (run with { Steps = run.Steps.SetItem(5, run.Steps[5] with { Weights = null! }) },
                "After step 5 (compile(sgd 0.1)) the observation holds no weights."),
        };

        // Act
        var failures = broken.Select(b => (
            Alone: ScenarioChecks.All.Select(c => c.Check(FrozenThenTrained, b.Run, Predictions())).Distinct().Single(),
            All: Assert.Single(ScenarioChecks.Failures(FrozenThenTrained, b.Run)))).ToArray();

        // Assert
        Assert.Equal(broken.Select(b => b.Failure), failures.Select(f => f.Alone));
        Assert.Equal(broken.Select(b => ("Shape", b.Failure)), failures.Select(f => f.All));
    }

    [Fact]
    public void A_check_of_a_script_that_fits_before_any_compile_says_so_instead_of_failing_with_an_index()
    {
        // Arrange: predictions of the right count, not made by a profile (whose prediction refuses such a script).
        var scenario = FrozenThenTrained with { Script = [Fit.Step, .. FrozenThenTrained.Script[1..]] };

        // Act
        var failure = Assert.Throws<InvalidDescriptionException>(() => ScenarioChecks.CompileTiming(scenario, Correct(), Predictions()));

        // Assert
        Assert.Equal("Script step 0 fits before any compile.", failure.Message);
    }

    [Fact]
    public void A_check_given_predictions_that_are_not_one_per_step_is_an_argument_error()
    {
        // Arrange
        var predictions = Predictions();

        // Act
        var tooFew = Assert.Throws<ArgumentException>(() => ScenarioChecks.Moves(FrozenThenTrained, Correct(), predictions[..6]));
        var none = Assert.Throws<ArgumentException>(() => ScenarioChecks.FlagsReadBack(FrozenThenTrained, Correct(), default));

        // Assert
        Assert.Equal("predictions", tooFew.ParamName);
        Assert.StartsWith(
            "The checks need one prediction per script step (7), as the profile's Predict(scenario) gives them, but were given 6.",
            tooFew.Message);
        Assert.Contains("but were given none.", none.Message);
    }

    [Fact]
    public void A_fit_refused_when_it_must_run_is_named()
    {
        // Arrange
        var run = Correct();
        run = run with { Steps = run.Steps.SetItem(6, run.Steps[6] with { Refused = true }) };

        // Act
        var failure = ScenarioChecks.Moves(FrozenThenTrained, run, Predictions());

        // Assert
        Assert.Equal("At step 6 (fit): the fit was refused, but with [d1/kernel] to train it must run.", failure);
    }

    [Fact]
    public void A_never_trainable_weight_that_moved_is_shown_before_and_after()
    {
        // Arrange: the last compile never comes, so d1 is never collected; yet it moved.
        var scenario = FrozenThenTrained with { Script = FrozenThenTrained.Script[..5] };
        var run = Correct();
        run = run with { Steps = [.. run.Steps[..4], run.Steps[4] with { Weights = Weights(2.5f) }] };

        // Act
        var failure = ScenarioChecks.NeverTrainableIsBitIdentical(scenario, run, ScriptOracle.Predict(scenario));

        // Assert
        Assert.Equal("Never trainable, yet not bit-identical at the end: [d1/kernel]; first: d1/kernel was [2], is [2.5].", failure);
    }

    [Fact]
    public void A_flag_that_reads_back_wrong_or_not_at_all_is_named_with_both_values()
    {
        // Arrange
        var run = Correct();
        var wrong = run with
        {
            Steps = run.Steps.SetItem(
                3,
                run.Steps[3] with { Flags = ImmutableSortedDictionary.CreateRange([KeyValuePair.Create("d1", false)]) }),
        };

        // Act
        var failure = ScenarioChecks.FlagsReadBack(FrozenThenTrained, wrong, Predictions());

        // Assert
        Assert.Equal(
            "After step 3 (d1.trainable=T): flags of [d1 model] read back [d1=False model=(missing)], "
            + "but were last assigned [d1=True model=True].",
            failure);
    }

    [Fact]
    public void A_weight_collected_twice_or_a_wrong_collection_is_named_at_its_compile()
    {
        // Arrange
        var run = Correct();
        var twice = run with { Steps = run.Steps.SetItem(5, run.Steps[5] with { Collected = ["d1/kernel", "d1/kernel"] }) };
        var missing = run with { Steps = run.Steps.SetItem(5, run.Steps[5] with { Collected = [] }) };
        var extra = run with { Steps = run.Steps.SetItem(1, run.Steps[1] with { Collected = ["d1/kernel"] }) };

        // Act and Assert
        Assert.Equal(
            "At compile step 5: collected [d1/kernel×2], but the framework lists [d1/kernel×1].",
            ScenarioChecks.CollectedOnce(FrozenThenTrained, twice, Predictions()));
        Assert.Equal(
            "At compile step 5: collected [], but the trainable weights are [d1/kernel].",
            ScenarioChecks.CollectedOnce(FrozenThenTrained, missing, Predictions()));
        Assert.Equal(
            "At compile step 1: collected [d1/kernel], but the trainable weights are [].",
            ScenarioChecks.CollectedOnce(FrozenThenTrained, extra, Predictions()));
    }

    [Fact]
    public void A_missing_warning_or_a_fit_that_read_flags_changed_after_compile_is_named()
    {
        // Arrange
        var run = Correct();
        var silent = run with { Steps = run.Steps.SetItem(4, run.Steps[4] with { Warning = null }) };
        var early = run with
        {
            Steps =
            [
                .. run.Steps[..4],
                run.Steps[4] with { Weights = Weights(2.2f) },
                .. run.Steps[5..].Select(s => s with { Weights = Weights(2.2f) }),
            ],
        };

        // Act and Assert
        Assert.Equal(
            "At step 4 (fit): warned nothing, but should warn now trainable [d1/kernel], now frozen [].",
            ScenarioChecks.CompileTiming(FrozenThenTrained, silent, Predictions()));
        Assert.Equal(
            "At step 4 (fit): changed [d1/kernel]; the last compile collected [], and later flag changes must wait for the next compile.",
            ScenarioChecks.CompileTiming(FrozenThenTrained, early, Predictions()));
    }

    [Fact]
    public void A_step_taken_twice_is_shown_with_the_expected_value_its_error_in_steps_and_the_gradient()
    {
        // Act
        var failure = ScenarioChecks.Values(FrozenThenTrained, Correct(final: 2.4f), Predictions());

        // Assert
        Assert.Equal(
            "At step 6 (fit): d1/kernel[0] went from 2 to 2.4, but the step the specification computes gives 2.2000000029802322 ± 0.0001 "
            + "(off by 1 of the step; ∂loss/∂d1/kernel[0] = -2, summed over the 1 use(s) of d1).",
            failure);
    }

    [Fact]
    public void The_value_check_holds_each_profile_to_its_optimizer_state_and_leaves_batch_normalization_to_the_others()
    {
        // Arrange
        var (scenario, run) = MomentumRecompiledAsKerasTwoRunsIt();
        // The same run with a batch normalization in front, whose weights never change: d1 still moves as Keras 2 moves it.
        var batchNorm = new TreeDescription(1, [new BatchNormDescription("bn"), Dense("d1"), Box("model", "bn", "d1")], "model");
        static WeightSet WithBatchNorm(WeightSet weights) =>
            weights.With("bn/beta", [0f]).With("bn/moving_mean", [0f]).With("bn/moving_variance", [1f]);
        var batchNormScenario = scenario with { Tree = batchNorm, InitialWeights = WithBatchNorm(scenario.InitialWeights) };
        var batchNormRun = new ScenarioRun(
            WithBatchNorm(run.Initial), [.. run.Steps.Select(o => o with { Weights = WithBatchNorm(o.Weights) })]);

        // Act
        var keras2 = ScenarioChecks.ValuesUnder(FrameworkProfiles.Keras22)(scenario, run, FrameworkProfiles.Keras22.Predict(scenario));
        var keras3 = ScenarioChecks.ValuesUnder(FrameworkProfiles.Keras3)(scenario, run, FrameworkProfiles.Keras3.Predict(scenario));
        var withBatchNorm = ScenarioChecks.ValuesUnder(FrameworkProfiles.Keras3)(
            batchNormScenario, batchNormRun, FrameworkProfiles.Keras3.Predict(batchNormScenario));

        // Assert
        Assert.Null(keras2);
        Assert.StartsWith(
            "At step 3 (fit): d1/kernel[0] went from 2.2 to 2.36, but the step the specification computes gives 2.54",
            keras3);
        Assert.Null(withBatchNorm);
    }

    [Fact]
    public void A_run_of_the_wrong_length_or_with_other_initial_weights_fails_its_shape_and_nothing_else()
    {
        // Arrange
        var run = Correct();
        var short_ = run with { Steps = run.Steps[..6] };
        var otherStart = run with { Initial = Weights(1f) };

        // Act
        var tooShort = Assert.Single(ScenarioChecks.Failures(FrozenThenTrained, short_));
        var notLoaded = Assert.Single(ScenarioChecks.Failures(FrozenThenTrained, otherStart));

        // Assert
        Assert.Equal(("Shape", "The implementation reported 6 observations for 7 script steps."), tooShort);
        Assert.Equal(("Shape", "Initial weights [d1/kernel] read back differently from the scenario's."), notLoaded);
    }

    [Fact]
    public void An_observation_that_lacks_a_weight_or_holds_another_fails_its_shape_and_nothing_else()
    {
        // Arrange: the fit at step 2 trains nothing, so no other check reads the weight there.
        var run = Correct();
        WeightSet[] observed =
        [
            new([]),
            new([KeyValuePair.Create("d1/kernel", new[] { 2f, 2f })]),
            new([KeyValuePair.Create("d1/kernel", new[] { 2f }), KeyValuePair.Create("d9/kernel", new[] { 0f })]),
        ];

        // Act
        var failures = observed
            .Select(weights => Assert.Single(ScenarioChecks.Failures(
                FrozenThenTrained, run with { Steps = run.Steps.SetItem(2, run.Steps[2] with { Weights = weights }) })))
            .ToArray();

        // Assert
        Assert.Equal(
            [
                ("Shape", "After step 2 (fit) the observation lacks weight 'd1/kernel'."),
                ("Shape", "After step 2 (fit) the observation holds 2 values of 'd1/kernel', the initial observation 1."),
                ("Shape", "After step 2 (fit) the observation holds a weight 'd9/kernel' the initial observation does not."),
            ],
            failures);
    }

    [Fact]
    public void Every_failing_check_is_reported_by_name()
    {
        // Act: the last fit moved nothing.
        var failures = ScenarioChecks.Failures(FrozenThenTrained, Correct(final: 2f));

        // Assert
        Assert.Equal(["Moves", "CompileTiming", "Values"], failures.Select(f => f.Check));
    }

    [Fact]
    public void A_fit_that_ran_where_the_profile_refuses_is_named()
    {
        // Arrange: TensorFlow.js refuses a fit with nothing left to train.
        var scenario = FrozenThenTrained with { Script = [new SetTrainable("model", false), new Compile(0.1f), Fit.Step] };
        var run = new ScenarioRun(Weights(2f), [Observe(true, 2f), Observe(true, 2f), Observe(true, 2f)]);

        // Act
        var failure = ScenarioChecks.Moves(scenario, run, FrameworkProfiles.Tfjs422.Predict(scenario));

        // Assert
        Assert.Equal("At step 2 (fit): the fit ran, but with [] to train it must be refused.", failure);
    }

    [Fact]
    public void A_warning_where_none_is_due_is_shown_as_given()
    {
        // Arrange
        var run = Correct();
        var spurious = run with { Steps = run.Steps.SetItem(2, run.Steps[2] with { Warning = new StaleWarning(["d1/kernel"], []) }) };

        // Act
        var failure = ScenarioChecks.CompileTiming(FrozenThenTrained, spurious, Predictions());

        // Assert
        Assert.Equal("At step 2 (fit): warned now trainable [d1/kernel], now frozen [], but should warn nothing.", failure);
    }

    [Fact]
    public void A_wrong_collection_is_listed_in_order_and_a_moved_weight_shows_every_value()
    {
        // Arrange: model[d1 d2], width 2 — d2 frozen, yet collected; d2 then moved in both entries it holds.
        var tree = new TreeDescription(2, [Dense("d1"), Dense("d2"), Box("model", "d1", "d2")], "model");
        var weights = new WeightSet(
            [KeyValuePair.Create("d1/kernel", new[] { 1f, 0f, 0f, 1f }), KeyValuePair.Create("d2/kernel", new[] { 1f, 0f, 0f, 1f })]);
        var scenario = new Scenario(
            tree, weights, new TrainingData([[1f, 1f]], [[3f, 3f]]), [new SetTrainable("d2", false), new Compile(0.1f)]);
        var flags = ImmutableSortedDictionary.CreateRange(
            [KeyValuePair.Create("d1", true), KeyValuePair.Create("d2", false), KeyValuePair.Create("model", true)]);
        var moved = weights.With("d2/kernel", [2f, 0.5f, 0f, 1f]);
        var run = new ScenarioRun(weights, [new(flags, [], null, weights), new(flags, ["d2/kernel", "d1/kernel"], null, moved)]);
        var predictions = ScriptOracle.Predict(scenario);

        // Act
        var collected = ScenarioChecks.CollectedOnce(scenario, run, predictions);
        var frozen = ScenarioChecks.NeverTrainableIsBitIdentical(scenario, run, predictions);

        // Assert
        Assert.Equal("At compile step 1: collected [d1/kernel d2/kernel], but the trainable weights are [d1/kernel].", collected);
        Assert.Equal(
            "Never trainable, yet not bit-identical at the end: [d2/kernel]; first: d2/kernel was [1 0 0 1], is [2 0.5 0 1].", frozen);
    }

    [Fact]
    public void Each_check_is_run_with_the_profiles_own_optimizer_state()
    {
        // Arrange
        var (scenario, run) = MomentumRecompiledAsKerasTwoRunsIt();

        // Act
        var keras2 = ScenarioChecks.Failures(scenario, run, FrameworkProfiles.Keras22);
        var keras3 = ScenarioChecks.Failures(scenario, run, FrameworkProfiles.Keras3);

        // Assert
        Assert.Empty(keras2);
        Assert.Equal("Values", Assert.Single(keras3).Check);
    }

    [Fact]
    public void A_missing_profile_is_an_argument_error() =>
        Assert.Equal(
            "profile",
            Assert.Throws<ArgumentNullException>(() => ScenarioChecks.Failures(FrozenThenTrained, Correct(), null!)).ParamName);

    /// <summary>
    /// Momentum, recompiled between two fits. From w = 2.2, ∂L/∂w = −1.6: Keras 2 starts a fresh velocity, 0.16, so
    /// w = 2.36, as this run reports; other frameworks keep it, 0.9·0.2 + 0.16 = 0.34, so w = 2.54.
    /// </summary>
    private static (Scenario Scenario, ScenarioRun Run) MomentumRecompiledAsKerasTwoRunsIt()
    {
        Compile momentum = new(0.1f, KerasOptimizer.Momentum);
        var scenario = FrozenThenTrained with { Script = [momentum, Fit.Step, momentum, Fit.Step] };
        return (scenario, new ScenarioRun(
            Weights(2f),
            [
                Observe(true, 2f) with { Collected = ["d1/kernel"] },
                Observe(true, 2.2f),
                Observe(true, 2.2f) with { Collected = ["d1/kernel"] },
                Observe(true, 2.36f),
            ]));
    }

    [Fact]
    public void Flags_by_node_position_read_back_in_any_node_order_and_fail_when_they_are_positions_in_another_tree()
    {
        // Arrange: the same two nodes listed the other way round, and a tree of as many nodes, one of another name.
        var reordered = new TreeDescription(1, [Box("model", "d1"), Dense("d1")], "model");
        var renamed = new TreeDescription(1, [Dense("d9"), Box("model", "d9")], "model");
        var run = Correct();
        ImmutableArray<bool> D1First(int step) => [run.Steps[step].Flags["d1"], true];

        // Act
        var inOrder = ScenarioChecks.FlagsReadBack(FrozenThenTrained, ByPosition(run, i => (OneWeight, D1First(i))), Predictions());
        var otherOrder = ScenarioChecks.FlagsReadBack(
            FrozenThenTrained, ByPosition(run, i => (reordered, [true, run.Steps[i].Flags["d1"]])), Predictions());
        var otherNames = ScenarioChecks.FlagsReadBack(FrozenThenTrained, ByPosition(run, i => (renamed, D1First(i))), Predictions());

        // Assert
        Assert.Null(inOrder);
        Assert.Null(otherOrder);
        Assert.Equal(
            "After step 0 (d1.trainable=F): flags of [d1] read back [d1=(missing)], but were last assigned [d1=False].",
            otherNames);
    }

    [Fact]
    public void Flags_that_agreed_at_one_step_are_compared_again_when_the_next_step_gives_them_as_positions_in_another_tree()
    {
        // Arrange: steps 0 to 2 predict the same dictionary; the engine gives one array for all three, but at step 2 as
        // positions in a tree whose first node is not d1.
        var predictions = Predictions();
        Assert.Same(predictions[0].Flags, predictions[2].Flags);
        var renamed = new TreeDescription(1, [Dense("d9"), Box("model", "d9")], "model");
        ImmutableArray<bool> shared = [false, true];
        var run = ByPosition(Correct(), i => (i == 2 ? renamed : OneWeight, i <= 2 ? shared : [true, true]));

        // Act
        var failure = ScenarioChecks.FlagsReadBack(FrozenThenTrained, run, predictions);

        // Assert
        Assert.Equal("After step 2 (fit): flags of [d1] read back [d1=(missing)], but were last assigned [d1=False].", failure);
    }

    // The run with each step's flags given by node position instead, the rest of each observation as it was.
    private static ScenarioRun ByPosition(ScenarioRun run, Func<int, (TreeDescription Tree, ImmutableArray<bool> Flags)> flags) =>
        run with
        {
            Steps =
            [
                .. run.Steps.Select((o, i) =>
                    Observation.ByNodePosition(flags(i).Tree, flags(i).Flags, o.Collected, o.Warning, o.Weights, o.Refused)),
            ],
        };

    private static ImmutableArray<Prediction> Predictions() => ScriptOracle.Predict(FrozenThenTrained);

    private static WeightSet Weights(float w) => new([KeyValuePair.Create("d1/kernel", new[] { w })]);

    private static Observation Observe(bool d1, float w) =>
        new(
            ImmutableSortedDictionary.CreateRange([KeyValuePair.Create("d1", d1), KeyValuePair.Create("model", true)]),
            [],
            null,
            Weights(w));
}
