using System.Reflection;
using TrainableSpec.Specification.Profiles.PyTorch;
using TrainableSpec.Specification.Properties;

namespace TrainableSpec.Conformance.Tests;

/// <summary>Each suite runs exactly its table's properties, one virtual test per row, and every test can be overridden.</summary>
public sealed class SuiteTableTests
{
    public static TheoryData<Type, string[]> Suites { get; } = new()
    {
        { typeof(TrainabilitySpecificationTests), [.. TrainabilityProperties.Suite.Select(p => p.Name)] },
        { typeof(ProfileSpecificationTests), [.. ProfileProperties.Suite.Select(p => p.Name)] },
        { typeof(PyTorchProfileSpecificationTests), [.. PyTorchProperties.Suite.Select(p => p.Name)] },
    };

    [Theory]
    [MemberData(nameof(Suites))]
    public void Every_row_of_a_suites_table_has_a_test_of_its_name(Type suite, string[] rows)
    {
        // Act
        var tests = Tests(suite).Select(m => m.Name).ToHashSet();

        // Assert
        Assert.All(rows, r => Assert.Contains(r, tests));
        Assert.Equal(rows.Length, rows.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Every_test_of_a_suite_is_virtual(Type suite, string[] rows)
    {
        Assert.NotEmpty(rows);
        Assert.All(Tests(suite), m => Assert.True(m.IsVirtual && !m.IsFinal, $"{suite.Name}.{m.Name} is not virtual."));
    }

    [Fact]
    public void Every_capability_a_row_needs_is_a_flag_of_its_suite()
    {
        // Arrange
        var needs = new[]
        {
            (typeof(TrainabilitySpecificationTests), TrainabilityProperties.Suite.Select(p => p.Requires)),
            (typeof(ProfileSpecificationTests), ProfileProperties.Suite.Select(p => p.Requires)),
            (typeof(PyTorchProfileSpecificationTests), PyTorchProperties.Suite.Select(p => p.Requires)),
        };

        // Act and Assert
        foreach (var (suite, capabilities) in needs)
        {
            foreach (var capability in capabilities.Where(c => c != Capability.None).Distinct())
            {
                Assert.NotNull(suite.GetProperty($"Supports{capability}", BindingFlags.Instance | BindingFlags.NonPublic));
            }
        }
    }

    private static IEnumerable<MethodInfo> Tests(Type suite) =>
        suite.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly)
            .Where(m => m.GetCustomAttributes().Any(a => a is FactAttribute));
}
