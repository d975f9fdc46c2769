using System.Runtime.CompilerServices;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Profiles.PyTorch;
using Xunit;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance;

#pragma warning disable CS1591 // Each test's name is the sentence it checks.

/// <summary>
/// The PyTorch profile as a suite: derive it and override <see cref="CreateImplementation"/>; each property runs
/// <see cref="PyTorchProperties.Cases"/> generated cases. An implementation without this profile declares
/// <see cref="SupportsPyTorchProfile"/> false, and its tests are reported as skipped with the reason.
/// </summary>
public abstract class PyTorchProfileSpecificationTests(ITestOutputHelper output)
{
    /// <summary>
    /// The implementation under specification: a new instance each call (not called when
    /// <see cref="SupportsPyTorchProfile"/> is false). A property calls it once per worker thread
    /// (see <see cref="Settings"/>), so no instance is used by two threads; an implementation whose instances share
    /// state (a process-wide context, a static cache) sets <c>Workers = 1</c> in <see cref="Settings"/>.
    /// </summary>
    protected abstract IPyTorchImplementation CreateImplementation();

    /// <summary>Whether the implementation has PyTorch's freezing semantics at all.</summary>
    protected virtual bool SupportsPyTorchProfile => true;

    /// <summary>
    /// Seed, case count, worker threads and shard; from the environment by default (see <see cref="CheckSettings"/>), each
    /// worker thread with its own <see cref="CreateImplementation"/>.
    /// </summary>
    protected virtual CheckSettings Settings => CheckSettings.FromEnvironment();

    [SkippableFact]
    public virtual void Requires_grad_reads_back_as_the_last_call_on_the_parameter_or_any_module_above_it() => Check();

    [SkippableFact]
    public virtual void A_parameter_moves_exactly_when_its_gradient_is_not_null_and_its_update_is_not_zero() => Check();

    [SkippableFact]
    public virtual void A_parameter_with_a_gradient_moves_by_torchs_optimizer_step() => Check();

    [SkippableFact]
    public virtual void With_gradients_set_to_none_a_parameter_whose_requires_grad_is_false_at_backward_is_never_moved() => Check();

    /// <summary>Runs the row of <see cref="PyTorchProperties.Suite"/> named as the calling test.</summary>
    private void Check([CallerMemberName] string name = "")
    {
        var row = PyTorchProperties.Suite.Single(p => p.Name == name);
        if (!SupportsPyTorchProfile)
        {
            throw new SkipException(Capabilities.SkipReason(GetType(), row.Requires));
        }

        // Each thread that runs cases builds its own implementation (Settings.Workers), so none is shared between threads.
        var implementation = CreateImplementation();
        var report = PropertyCheck.Assert(
            $"{name} (pytorch) on {implementation.Name}",
            () => row.Build(CreateImplementation()),
            PyTorchProperties.Cases,
            Settings.ForProperty(name));
        output.WriteLine(report.Message);
    }
}
