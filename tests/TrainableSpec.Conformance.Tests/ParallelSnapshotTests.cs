using TrainableSpec.Samples.NaiveEngine;
using TrainableSpec.Specification.Contract;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// Several implementations verifying the same snapshots at once, as xunit runs derived classes in parallel: a
/// correct engine never fails spuriously, and a wrong one still leaves its own received file and the accept command.
/// </summary>
public sealed class ParallelSnapshotTests(ITestOutputHelper output)
{
    [Fact]
    public void Sixteen_suites_of_a_correct_engine_verify_the_article_snapshots_in_parallel_twenty_times_without_a_failure()
    {
        // Arrange
        var suites = Enumerable.Range(0, 16).Select(_ => new CorrectSuite(output)).ToArray();

        // Act, Assert: every round runs every snapshot test of every suite at once.
        for (var round = 0; round < 20; round++)
        {
            Parallel.ForEach(
                suites.SelectMany(s => new Action[]
                {
                    () => s.The_article_case_matches_its_accepted_snapshot(false, true),
                    () => s.The_article_case_matches_its_accepted_snapshot(true, false),
                    s.The_article_summary_table_updates_dense_1_only_when_both_flags_are_true,
                    s.The_article_model_with_its_container_used_twice_matches_its_accepted_snapshot,
                }),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                test => test());
        }
    }

    [Fact]
    public void A_wrong_engine_verifying_beside_correct_ones_leaves_its_own_received_file_and_the_accept_command()
    {
        // Arrange
        var wrong = new WrongSuite(output);
        var correct = new CorrectSuite(output);
        SnapshotMismatchException? failure = null;

        // Act
        Parallel.Invoke(
            () => failure = Assert.Throws<SnapshotMismatchException>(
                () => wrong.The_article_case_matches_its_accepted_snapshot(false, true)),
            () => correct.The_article_case_matches_its_accepted_snapshot(false, true),
            () => correct.The_article_case_matches_its_accepted_snapshot(false, true));

        // Assert
        var received = DerivedSuiteTests.Received(failure!);
        Assert.EndsWith(
            $"Article.container_False_layer_True.{typeof(WrongSuite).FullName!.Replace('.', '-').Replace('+', '-')}.received.txt",
            received);
        Assert.Contains("verdict: AGAINST THE RULE", File.ReadAllText(received));
        File.Delete(received);
    }

    private sealed class CorrectSuite(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        protected override ITrainableImplementation CreateImplementation() => new NaiveEngine();
    }

    private sealed class WrongSuite(ITestOutputHelper output) : TrainabilitySpecificationTests(output)
    {
        protected override ITrainableImplementation CreateImplementation() => new NaiveEngine(Mistake.IgnoresContainerFlags);
    }
}
