using FsCheck;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Specification.Properties;

/// <summary>
/// What a suite's property runs against: the implementation, the profile it claims (Keras 2.1.6 for the main suite),
/// whether it may be given shared nodes (when not, the generators share nothing), and optionally other scenarios
/// than the property's own (as the twins use them, to meet a wrong engine only with what it offers).
/// </summary>
public sealed record SuiteTarget(ITrainableImplementation Implementation, FrameworkProfile Profile, bool SupportsSharing = true)
{
    /// <summary>Scenarios to use instead of the property's own generator; null for its own.</summary>
    public Arbitrary<Scenario>? Scenarios { get; init; }
}
