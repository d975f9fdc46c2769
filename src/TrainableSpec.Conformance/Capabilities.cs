using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Conformance;

/// <summary>The flag that declares each capability, and what declaring it false turns off, for skip reasons.</summary>
internal static class Capabilities
{
    public static string SkipReason(Type suite, Capability capability) =>
        $"{suite.Name} declares Supports{capability} = false: " + capability switch
        {
            Capability.Gradients => "it reports no gradients, so this property is not checked.",
            Capability.CompileTimeCollection =>
                "its trainable weights are not collected at compile, so this Keras 2.x timing does not apply.",
            Capability.StatefulOptimizers => "it compiles with plain SGD only.",
            Capability.BatchNormalization => "its trees hold dense layers and containers only.",
            Capability.PyTorchProfile => "the implementation has no PyTorch semantics to check.",
            _ => throw new ArgumentOutOfRangeException(nameof(capability), capability, "This capability cannot be declared absent."),
        };
}
