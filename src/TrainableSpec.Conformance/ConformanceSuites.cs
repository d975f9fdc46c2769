using System.Reflection;
using Xunit;

namespace TrainableSpec.Conformance;

/// <summary>The abstract suites of this package, and which of them an implementation's test assembly derives.</summary>
public static class ConformanceSuites
{
    /// <summary>Every public abstract class of this assembly that declares tests.</summary>
    public static IReadOnlyList<Type> All { get; } =
        [.. typeof(ConformanceSuites).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.IsAbstract && !t.IsSealed)
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    /// <summary>The suites no public concrete class of <paramref name="testAssembly"/> derives (xunit runs only public classes).</summary>
    public static IReadOnlyList<Type> NotDerivedIn(Assembly testAssembly)
    {
        var concrete = testAssembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract).ToArray();
        return [.. All.Where(suite => !concrete.Any(suite.IsAssignableFrom))];
    }
}
