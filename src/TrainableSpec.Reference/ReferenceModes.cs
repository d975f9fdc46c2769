using System.Collections.Immutable;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Reference;

/// <summary>
/// The one table that pairs each framework profile with the engine mode held to it. The command line and the tests
/// take both halves from here instead of matching a profile's name to a rule's.
/// </summary>
public static class ReferenceModes
{
    /// <summary>Every profile of <see cref="FrameworkProfiles.All"/>, in its order, with its engine mode.</summary>
    public static ImmutableArray<ReferenceMode> All { get; } =
    [
        new(FrameworkProfiles.Keras216, TrainabilityRule.Keras216),
        new(FrameworkProfiles.Keras22, TrainabilityRule.Keras22),
        new(FrameworkProfiles.TfKeras2, TrainabilityRule.TfKeras2),
        new(FrameworkProfiles.Keras3, TrainabilityRule.Keras3),
        new(FrameworkProfiles.Tfjs422, TrainabilityRule.Tfjs422),
        new(FrameworkProfiles.PyTorch, TrainabilityRule.PyTorch),
        new(FrameworkProfiles.PyTorchFiltered, TrainabilityRule.PyTorchFiltered),
    ];

    /// <summary>The mode held to <paramref name="profile"/>.</summary>
    public static ReferenceMode Of(FrameworkProfile profile) => All.Single(m => m.Profile == profile);

    /// <summary>The mode held to the profile called <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No profile has that name; the message lists the names.</exception>
    public static ReferenceMode Named(string name) => Of(FrameworkProfiles.Named(name));
}
