using TrainableSpec.Specification.Profiles.PyTorch;

namespace TrainableSpec.Specification.Contract;

/// <summary>An engine with PyTorch's freezing semantics, under specification.</summary>
public interface IPyTorchImplementation
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// Builds the tree with its weights (all requiring grad), builds the optimizer over all parameters, and runs the
    /// script.
    /// </summary>
    PyTorchRun Run(PyTorchScenario scenario);
}
