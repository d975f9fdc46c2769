using System.Runtime.CompilerServices;
using TrainableSpec.Specification.Article;
using TrainableSpec.Specification.Checking;
using TrainableSpec.Specification.Contract;
using TrainableSpec.Specification.Descriptions;
using TrainableSpec.Specification.Profiles;
using TrainableSpec.Specification.Properties;
using Xunit;
using Xunit.Abstractions;

namespace TrainableSpec.Conformance;

#pragma warning disable CS1591 // Each test's name is the sentence it checks.

/// <summary>
/// One framework's freezing rule as tests. Derive it, say which <see cref="Profile"/> the implementation claims,
/// and override <see cref="CreateImplementation"/>; each property runs <see cref="ProfileProperties.Cases"/>
/// generated scripts against it and compares every step with the profile's oracle.
/// </summary>
public abstract class ProfileSpecificationTests(ITestOutputHelper output)
{
    /// <summary>The profile the implementation claims (<see cref="FrameworkProfiles"/>).</summary>
    protected abstract FrameworkProfile Profile { get; }

    /// <summary>
    /// The implementation under specification: a new instance each call. A property calls it once per worker thread
    /// (see <see cref="Settings"/>), so no instance is used by two threads; an implementation whose instances share
    /// state (a process-wide context, a static cache) sets <c>Workers = 1</c> in <see cref="Settings"/>.
    /// </summary>
    protected abstract ITrainableImplementation CreateImplementation();

    /// <summary>Whether one layer or container instance may be used at several places; when false, generated trees share nothing.</summary>
    protected virtual bool SupportsSharing => true;

    /// <summary>
    /// Whether compiles may ask for momentum, Nesterov, Adam and AdamW; when false, the optimizer-state property is skipped.
    /// </summary>
    protected virtual bool SupportsStatefulOptimizers => true;

    /// <summary>
    /// Whether trees may hold a batch normalization (<see cref="BatchNormDescription"/>); when false, its property is skipped.
    /// </summary>
    protected virtual bool SupportsBatchNormalization => true;

    /// <summary>
    /// Seed, case count, worker threads and shard; from the environment by default (see <see cref="CheckSettings"/>), each
    /// worker thread with its own <see cref="CreateImplementation"/>.
    /// </summary>
    protected virtual CheckSettings Settings => CheckSettings.FromEnvironment();

    [SkippableFact]
    public virtual void At_every_fit_the_weights_that_change_are_exactly_those_the_profile_trains() => Check();

    [SkippableFact]
    public virtual void A_weight_the_profile_never_trains_is_bit_identical() => Check();

    [SkippableFact]
    public virtual void At_every_fit_each_weight_the_profile_trains_moves_by_the_optimizers_step() => Check();

    [SkippableFact]
    public virtual void Every_flag_reads_back_as_the_profiles_setter_wrote_it() => Check();

    [SkippableFact]
    public virtual void Every_compile_collects_the_profiles_trainable_weights_as_the_framework_lists_them() => Check();

    [SkippableFact]
    public virtual void Every_fit_warns_exactly_as_the_profile_warns() => Check();

    [SkippableFact]
    public virtual void A_weight_frozen_at_compile_is_bit_identical_whatever_the_optimizer_and_its_state() => Check();

    [SkippableFact]
    public virtual void A_weight_the_profile_trains_moves_by_the_optimizers_step_with_its_state() => Check();

    [SkippableFact]
    public virtual void A_batch_normalizations_moving_statistics_move_exactly_when_the_profile_says() => Check();

    [Fact]
    public virtual void A_fit_is_one_step_over_all_its_samples_even_more_than_any_usual_default_batch() =>
        ManySamplesFit.Check(CreateImplementation(), Profile, $" under {Profile.Name}");

    /// <summary>Runs the row of <see cref="ProfileProperties.Suite"/> named as the calling test.</summary>
    private void Check([CallerMemberName] string name = "")
    {
        var row = ProfileProperties.Suite.Single(p => p.Name == name);
        if (!Supports(row.Requires))
        {
            throw new SkipException(Capabilities.SkipReason(GetType(), row.Requires));
        }

        // Each thread that runs cases builds its own implementation (Settings.Workers), so none is shared between threads.
        var implementation = CreateImplementation();
        var report = PropertyCheck.Assert(
            $"{name} ({Profile.Name}) on {implementation.Name}",
            () => row.Build(new SuiteTarget(CreateImplementation(), Profile, SupportsSharing)),
            ProfileProperties.Cases,
            Settings.ForProperty(name));
        output.WriteLine(report.Message);
    }

    private bool Supports(Capability capability) => capability switch
    {
        Capability.StatefulOptimizers => SupportsStatefulOptimizers,
        Capability.BatchNormalization => SupportsBatchNormalization,
        _ => true,
    };
}
