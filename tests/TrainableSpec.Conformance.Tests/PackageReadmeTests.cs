using System.Reflection;

namespace TrainableSpec.Conformance.Tests;

/// <summary>
/// The package README states the contract an implementer reads: every capability flag of every suite, each with
/// what it turns off.
/// </summary>
public sealed class PackageReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(
        typeof(PackageReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!,
        "src",
        "TrainableSpec.Conformance",
        "README.md"));

    public static TheoryData<string, string> CapabilityFlags { get; } = FlagsOf();

    [Theory]
    [MemberData(nameof(CapabilityFlags))]
    public void The_package_README_lists_every_capability_flag_of_every_suite(string suite, string flag) =>
        Assert.Contains($"| `{suite}` | `{flag}` |", Readme);

    [Fact]
    public void The_package_README_lists_no_capability_flag_the_suites_do_not_have()
    {
        var rows = Readme.Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal) && l.Contains("| `Supports", StringComparison.Ordinal))
            .ToArray();

        Assert.Equal(CapabilityFlags.Count(), rows.Length);
    }

    [Fact]
    public void The_package_README_states_the_loss_the_layout_the_naming_and_what_a_fit_is()
    {
        Assert.Contains("averaged over the samples **and** the outputs", Readme);
        Assert.Contains("**input-major**", Readme);
        Assert.Contains("`{layer}/kernel` and `{layer}/bias`", Readme);
        Assert.Contains("**A fit** is one epoch over the scenario's data as a single batch", Readme);
    }

    private static TheoryData<string, string> FlagsOf()
    {
        var data = new TheoryData<string, string>();
        foreach (var suite in ConformanceSuites.All)
        {
            var flags = suite.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic)
                .Where(p => p.PropertyType == typeof(bool) && p.GetMethod!.IsVirtual)
                .Where(p => p.Name.StartsWith("Supports", StringComparison.Ordinal));
            foreach (var flag in flags.OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                data.Add(suite.Name, flag.Name);
            }
        }

        return data;
    }
}
