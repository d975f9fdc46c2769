using System.Text.RegularExpressions;
using FsCheck;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// One row of a suite's table: the sentence the property checks, the capability it needs, and how to build it for
/// a target. The table is the one list of a suite's properties: the xunit facts look their row up by
/// <see cref="Name"/>, the command line's <c>check</c> runs the rows, and README's property tables are rendered
/// from them.
/// </summary>
/// <typeparam name="TTarget">What the property runs against.</typeparam>
public sealed partial record SuiteProperty<TTarget>(string Sentence, Capability Requires, Func<TTarget, Property> Build)
{
    /// <summary>
    /// The sentence as a test's name: apostrophes, commas and full stops dropped, spaces and hyphens as underscores
    /// ("The collected weights are the oracle's trainable weights, each once" is
    /// <c>The_collected_weights_are_the_oracles_trainable_weights_each_once</c>).
    /// </summary>
    public string Name => Separator().Replace(Punctuation().Replace(Sentence, ""), "_");

    [GeneratedRegex("[',.]")]
    private static partial Regex Punctuation();

    [GeneratedRegex("[ -]")]
    private static partial Regex Separator();
}
