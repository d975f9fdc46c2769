using TrainableSpec.Engine;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Reference;

/// <summary>A framework profile and the reference engine's mode that claims it.</summary>
public sealed record ReferenceMode(FrameworkProfile Profile, TrainabilityRule Rule)
{
    /// <summary>The reference engine in this mode, with the profile's optimizer formulas, named for reports.</summary>
    public ReferenceImplementation Implementation() => new(Rule, $"reference {Profile.Name}", Profile.UsesTorchOptimizers);
}
