using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Generators;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// Two profiles side by side. They agree on a script when at every fit they move the same weights and refuse
/// the same fits: what trains, which is what a user moving a script between frameworks depends on. (How flags
/// read back differs more often; the profile matrix shows it separately.)
/// </summary>
public static class ProfileComparison
{
    /// <summary>
    /// Null when <paramref name="first"/> and <paramref name="second"/> train alike on <paramref name="scenario"/>, else the first
    /// fit where they differ.
    /// </summary>
    public static string? Disagreement(FrameworkProfile first, FrameworkProfile second, Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentNullException.ThrowIfNull(scenario);
        var (a, b) = (first.Predict(scenario), second.Predict(scenario));
        for (var i = 0; i < scenario.Script.Length; i++)
        {
            if (scenario.Script[i] is Fit && (a[i].Refused != b[i].Refused || !a[i].Moving.SetEquals(b[i].Moving)))
            {
                return $"At step {i} (fit): {first.Name} {Trains(a[i])}, {second.Name} {Trains(b[i])}.";
            }
        }

        return null;
    }

    /// <summary>What a predicted fit does, in a few words.</summary>
    public static string Trains(Oracles.Prediction fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return fit.Refused ? "refuses the fit"
            : fit.Moving.IsEmpty ? "trains nothing"
            : $"trains {string.Join(" ", fit.Moving.Select(w => w.Split('/')[0]).Distinct())}";
    }

    /// <summary>The property that two profiles train alike on every scenario of <paramref name="scenarios"/>.</summary>
    public static Property TwoProfilesTrainAlike(FrameworkProfile first, FrameworkProfile second, Arbitrary<Scenario>? scenarios = null) =>
        Prop.ForAll(scenarios ?? TrainabilityProperties.Scenarios, scenario => Verdict.ToProperty(Disagreement(first, second, scenario)));

    /// <summary>Every pair of distinct profiles, in matrix order.</summary>
    public static ImmutableArray<(FrameworkProfile First, FrameworkProfile Second)> Pairs { get; } =
        [.. FrameworkProfiles.All.SelectMany((a, i) => FrameworkProfiles.All.Skip(i + 1).Select(b => (a, b)))];

    /// <summary>The script classes, narrowest last, each with its generator and a shrinker that stays inside it.</summary>
    public static ImmutableArray<ScriptClass> Classes { get; } = ScriptClass.All;

    /// <summary>Scenarios of <paramref name="scriptClass"/>, shrinking only to scenarios still in it.</summary>
    public static Arbitrary<Scenario> ScenariosOf(ScriptClass scriptClass)
    {
        ArgumentNullException.ThrowIfNull(scriptClass);
        return Arb.From(scriptClass.Scenarios, s => ScenarioShrinker.Shrink(s).Where(scriptClass.Contains));
    }
}
