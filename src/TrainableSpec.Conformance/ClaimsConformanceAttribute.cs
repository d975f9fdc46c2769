namespace TrainableSpec.Conformance;

/// <summary>
/// Says, on an implementation's test assembly, one suite of this package the implementation claims to pass:
/// <c>[assembly: ClaimsConformance(typeof(TrainabilitySpecificationTests))]</c>,
/// <c>[assembly: ClaimsConformance(typeof(ProfileSpecificationTests), "keras-3")]</c> (a profile suite names its
/// profile), <c>[assembly: ClaimsConformance(typeof(PyTorchProfileSpecificationTests))]</c>. An assembly that says
/// nothing claims <see cref="TrainabilitySpecificationTests"/> alone.
/// <see cref="ConformanceSuites.Unmet(System.Reflection.Assembly)"/> then requires exactly the claimed suites to be derived.
/// </summary>
/// <param name="suite">One of <see cref="ConformanceSuites.All"/>.</param>
/// <param name="profile">
/// For <see cref="ProfileSpecificationTests"/>, the profile's name (<c>FrameworkProfiles.All</c>); otherwise null.
/// </param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class ClaimsConformanceAttribute(Type suite, string? profile = null) : Attribute
{
    /// <summary>The claimed suite.</summary>
    public Type Suite { get; } = suite;

    /// <summary>The claimed profile of a <see cref="ProfileSpecificationTests"/>; null for the other suites.</summary>
    public string? Profile { get; } = profile;

    /// <summary>The claim as a report names it, such as <c>ProfileSpecificationTests (keras-3)</c>.</summary>
    public override string ToString() => Profile is null ? Suite.Name : $"{Suite.Name} ({Profile})";
}
