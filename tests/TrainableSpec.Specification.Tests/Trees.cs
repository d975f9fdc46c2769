using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Tests;

/// <summary>Small hand-written trees for examples.</summary>
internal static class Trees
{
    public static DenseDescription Dense(string name) => new(name, ActivationKind.Linear, UseBias: false);

    public static ContainerDescription Box(string name, params string[] calls) => new(name, [.. calls]);

    /// <summary>model[c1[d1 d2] d2]: d2 is shared between c1 and the model.</summary>
    public static TreeDescription SharedAcrossContainers =>
        new(3, [Dense("d1"), Dense("d2"), Box("c1", "d1", "d2"), Box("model", "c1", "d2")], "model");
}
