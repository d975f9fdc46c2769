using TrainableSpec.Specification.Profiles;

namespace TrainableSpec.Reference.Tests;

public sealed class ReferenceModesTests
{
    [Fact]
    public void Every_profile_has_exactly_one_engine_mode_and_the_mode_carries_the_profiles_name()
    {
        Assert.Equal(FrameworkProfiles.All, ReferenceModes.All.Select(m => m.Profile));
        Assert.All(ReferenceModes.All, m => Assert.Equal(m.Profile.Name, m.Rule.Name));
        Assert.Equal(ReferenceModes.All.Length, ReferenceModes.All.Select(m => m.Rule).Distinct().Count());
    }

    [Fact]
    public void An_unknown_profile_name_lists_the_profiles()
    {
        var e = Assert.Throws<ArgumentException>(() => ReferenceModes.Named("keras-4"));

        Assert.StartsWith("There is no profile 'keras-4'; the profiles are keras-2.1.6, keras-2.2,", e.Message);
    }
}
