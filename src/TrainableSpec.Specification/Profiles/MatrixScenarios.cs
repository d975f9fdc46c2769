using System.Collections.Immutable;
using TrainableSpec.Specification.Descriptions;

namespace TrainableSpec.Specification.Profiles;

/// <summary>
/// The small scenarios on which the profiles differ — flag order both ways, a change after compile with and without
/// a recompile, three levels of nesting, a shared layer with opposite flags, a layer in two containers and one called
/// twice, a change the warning's count misses, nothing trainable, variable flags, an optimizer's state after a
/// recompile drops a layer, and batch normalization: the rows of the profile matrix's second table.
/// </summary>
public static class MatrixScenarios
{
    /// <summary>Every scenario of the table, in its order.</summary>
    public static ImmutableArray<MatrixScenario> All { get; } =
    [
        MatrixScenario.Of("container frozen, then layer unfrozen", "model[c[d1 d2]]",
            Set("c", false), Set("d1", true), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("layer frozen, then container unfrozen", "model[c[d1 d2]]",
            Set("d1", false), Set("c", true), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("model frozen, then layer unfrozen", "model[c[d1 d2]]",
            Set("model", false), Set("d1", true), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("layer frozen after compile, no recompile", "model[c[d1 d2]]",
            new Compile(1e-4f), Set("d1", false), Fit.Step),
        MatrixScenario.Of("layer frozen after compile, recompiled", "model[c[d1 d2]]",
            new Compile(1e-4f), Set("d1", false), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("layer unfrozen after compile, no recompile", "model[c[d1 d2]]",
            Set("d1", false), new Compile(1e-4f), Set("d1", true), Fit.Step),
        MatrixScenario.Of("middle of three containers frozen after compile", "model[c1[c2[c3[d1]]] d2]",
            new Compile(1e-4f), Set("c2", false), Fit.Step),
        MatrixScenario.Of("middle of three containers frozen, recompiled", "model[c1[c2[c3[d1]]] d2]",
            new Compile(1e-4f), Set("c2", false), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("shared layer: frozen container set first", "model[a[d1] b[d1]]",
            Set("a", false), Set("b", true), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("shared layer: frozen container set last", "model[a[d1] b[d1]]",
            Set("b", true), Set("a", false), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("layer in two containers, all trainable", "model[a[d1] b[d1]]",
            new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("layer called twice by one container, all trainable", "model[d1 d1]",
            new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("two layers swap flags after compile, no recompile", "model[c[d1 d2]]",
            Set("d2", false), new Compile(1e-4f), Set("d1", false), Set("d2", true), Fit.Step),
        MatrixScenario.Of("momentum: a recompile with the same optimizer drops the first layer", "model[d1 d2]",
            new Compile(1e-5f, KerasOptimizer.Momentum), Fit.Step, Fit.Step, Set("d1", false),
            new Compile(1e-5f, KerasOptimizer.Momentum), Fit.Step, Fit.Step),
        MatrixScenario.Of("nothing trainable", "model[c[d1 d2]]",
            Set("model", false), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("a variable frozen on its own", "model[c[d1 d2]]",
            new SetVariableTrainable("d1/kernel", false), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("a variable frozen after compile", "model[c[d1 d2]]",
            new Compile(1e-4f), new SetVariableTrainable("d1/kernel", false), Fit.Step),
        MatrixScenario.Of("a variable frozen, then its container unfrozen", "model[c[d1 d2]]",
            new SetVariableTrainable("d1/kernel", false), new SetTrainable("c", true), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("batch normalization frozen", "model[c[bn1 d1]]",
            Set("bn1", false), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("its container frozen, then the batch normalization unfrozen", "model[c[bn1] d1]",
            Set("c", false), Set("bn1", true), new Compile(1e-4f), Fit.Step),
        MatrixScenario.Of("batch normalization frozen after compile", "model[c[bn1 d1]]",
            new Compile(1e-4f), Set("bn1", false), Fit.Step),
    ];

    private static SetTrainable Set(string node, bool value) => new(node, value);
}
