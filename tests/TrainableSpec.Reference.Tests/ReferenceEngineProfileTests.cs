using TrainableSpec.Conformance;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Profiles;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>The reference engine in the mode <see cref="ReferenceModes"/> pairs with <paramref name="profile"/>, held to it.</summary>
public abstract class ReferenceModeProfileTests(ITestOutputHelper output, FrameworkProfile profile) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => profile;

    protected override ITrainableImplementation CreateImplementation() => ReferenceModes.Of(profile).Implementation();
}

public sealed class ReferenceKeras216ProfileTests(ITestOutputHelper output) : ReferenceModeProfileTests(output, FrameworkProfiles.Keras216);

public sealed class ReferenceKeras22ProfileTests(ITestOutputHelper output) : ReferenceModeProfileTests(output, FrameworkProfiles.Keras22);

public sealed class ReferenceTfKeras2ProfileTests(ITestOutputHelper output) : ReferenceModeProfileTests(output, FrameworkProfiles.TfKeras2);

public sealed class ReferenceKeras3ProfileTests(ITestOutputHelper output) : ReferenceModeProfileTests(output, FrameworkProfiles.Keras3);

public sealed class ReferenceTfjsProfileTests(ITestOutputHelper output) : ReferenceModeProfileTests(output, FrameworkProfiles.Tfjs422);

/// <summary>The PyTorch mode: a training loop with gradients set to None.</summary>
public sealed class ReferencePyTorchProfileTests(ITestOutputHelper output) : ReferenceModeProfileTests(output, FrameworkProfiles.PyTorch);

/// <summary>The PyTorch mode with an optimizer rebuilt at each compile over the parameters that require grad then.</summary>
public sealed class ReferencePyTorchFilteredProfileTests(ITestOutputHelper output)
    : ReferenceModeProfileTests(output, FrameworkProfiles.PyTorchFiltered);
