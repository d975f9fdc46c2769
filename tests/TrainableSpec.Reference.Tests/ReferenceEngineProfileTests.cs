using TrainableSpec.Conformance;
using TrainableSpec.Engine;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Profiles;
using Xunit.Abstractions;

namespace TrainableSpec.Reference.Tests;

/// <summary>The reference engine's Keras 2.1.6 mode held to the keras-2.1.6 profile.</summary>
public sealed class ReferenceKeras216ProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => FrameworkProfiles.Keras216;

    protected override ITrainableImplementation CreateImplementation() =>
        new ReferenceImplementation(TrainabilityRule.Keras216, "reference keras-2.1.6");
}

/// <summary>The reference engine's Keras 2.2 mode held to the keras-2.2 profile.</summary>
public sealed class ReferenceKeras22ProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => FrameworkProfiles.Keras22;

    protected override ITrainableImplementation CreateImplementation() =>
        new ReferenceImplementation(TrainabilityRule.Keras22, "reference keras-2.2");
}

/// <summary>The reference engine's tf.keras 2 mode held to the tf-keras-2 profile.</summary>
public sealed class ReferenceTfKeras2ProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => FrameworkProfiles.TfKeras2;

    protected override ITrainableImplementation CreateImplementation() =>
        new ReferenceImplementation(TrainabilityRule.TfKeras2, "reference tf-keras-2");
}

/// <summary>The reference engine's Keras 3 mode held to the keras-3 profile.</summary>
public sealed class ReferenceKeras3ProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => FrameworkProfiles.Keras3;

    protected override ITrainableImplementation CreateImplementation() =>
        new ReferenceImplementation(TrainabilityRule.Keras3, "reference keras-3");
}

/// <summary>The reference engine's TensorFlow.js mode held to the tfjs-4.22 profile.</summary>
public sealed class ReferenceTfjsProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => FrameworkProfiles.Tfjs422;

    protected override ITrainableImplementation CreateImplementation() =>
        new ReferenceImplementation(TrainabilityRule.Tfjs422, "reference tfjs-4.22");
}

/// <summary>The reference engine's PyTorch mode held to the pytorch profile (a training loop with gradients set to None).</summary>
public sealed class ReferencePyTorchProfileTests(ITestOutputHelper output) : ProfileSpecificationTests(output)
{
    protected override FrameworkProfile Profile => FrameworkProfiles.PyTorch;

    protected override ITrainableImplementation CreateImplementation() =>
        new ReferenceImplementation(TrainabilityRule.PyTorch, "reference pytorch");
}
