using TrainableSpec.Engine;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Reference;

/// <summary>A framework profile and the reference engine's mode that claims it.</summary>
public sealed record ReferenceMode(FrameworkProfile Profile, TrainabilityRule Rule)
{
    /// <summary>The reference engine in this mode, named for reports.</summary>
    public ReferenceImplementation Implementation() => new(Rule, $"reference {Profile.Name}");
}
