using System.Runtime.CompilerServices;

// The checks compare the specification's step with what a run holds through the oracles' reusable buffers
// (UpdateOracle.FirstMismatch), which are no public API.
[assembly: InternalsVisibleTo("TrainableSpec.Specification.Properties")]
