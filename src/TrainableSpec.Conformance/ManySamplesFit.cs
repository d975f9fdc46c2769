using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using Xunit;

namespace TrainableSpec.Conformance;

/// <summary>
/// The suites' fit on many samples: the article's model, every flag true, on <see cref="ArticleExperiment.ManySamples"/>
/// samples. Generated scenarios have at most five, so an engine that fits in batches of its own (32 by default in Keras,
/// tf.keras and TensorFlow.js) would pass every generated case; one fit must be one step over all of them.
/// </summary>
internal static class ManySamplesFit
{
    /// <summary>
    /// Runs the scenario on <paramref name="implementation"/> and asserts that every check holds under <paramref name="profile"/>.
    /// </summary>
    public static void Check(ITrainableImplementation implementation, FrameworkProfile profile, string under = "")
    {
        // Arrange
        var scenario = ArticleExperiment.ScenarioWithManySamples();

        // Act
        var run = implementation.Run(scenario);

        // Assert
        var failures = ScenarioChecks.Failures(scenario, run, profile);
        Assert.True(
            failures.IsEmpty,
            $"One fit on {scenario.Data.Count} samples must be one step over all of them{under}:{Environment.NewLine}"
                + string.Join(Environment.NewLine, failures.Select(f => $"{f.Check}: {f.Failure}")));
    }
}
