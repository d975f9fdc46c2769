using System.Reflection;
using TrainableSpec.Specification.Profiles;
using Xunit;

namespace TrainableSpec.Conformance;

/// <summary>
/// The abstract suites of this package, and whether an implementation's test assembly derives exactly the suites it claims.
/// </summary>
public static class ConformanceSuites
{
    /// <summary>Every public abstract class of this assembly that declares tests.</summary>
    public static IReadOnlyList<Type> All { get; } =
        [.. typeof(ConformanceSuites).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.IsAbstract && !t.IsSealed)
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any()))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)];

    /// <summary>
    /// What <paramref name="testAssembly"/> claims (<see cref="ClaimsConformanceAttribute"/>); the Keras 2.1.6 suite
    /// alone when it says nothing.
    /// </summary>
    public static IReadOnlyList<string> Claims(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        return Names([.. testAssembly.GetCustomAttributes<ClaimsConformanceAttribute>()]);
    }

    /// <summary>
    /// The suites public concrete classes of <paramref name="testAssembly"/> derive (xunit runs only public classes),
    /// named as claims are.
    /// </summary>
    public static IReadOnlyList<string> Derived(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var concrete = testAssembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract).ToArray();
        var derived = All.SelectMany(suite => concrete.Where(suite.IsAssignableFrom).Select(type => Name(suite, type)));
        return [.. derived.Distinct().Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Each way <paramref name="testAssembly"/> falls short of its claims, as a sentence: a claimed suite no public
    /// class derives, a derived suite it does not claim, or a claim that names no suite or profile of this package.
    /// Empty when the assembly derives exactly what it claims.
    /// </summary>
    public static IReadOnlyList<string> Unmet(Assembly testAssembly)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        return Unmet(testAssembly, [.. testAssembly.GetCustomAttributes<ClaimsConformanceAttribute>()]);
    }

    /// <summary>As <see cref="Unmet(Assembly)"/>, for <paramref name="attributes"/> instead of the assembly's own claims.</summary>
    public static IReadOnlyList<string> Unmet(Assembly testAssembly, IReadOnlyList<ClaimsConformanceAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        ArgumentNullException.ThrowIfNull(attributes);
        var claims = Names(attributes);
        var derived = Derived(testAssembly);
        var invalid = attributes
            .Where(c => !All.Contains(c.Suite) || (c.Suite == typeof(ProfileSpecificationTests)) != (c.Profile is not null)
                || (c.Profile is not null && !FrameworkProfiles.All.Any(p => p.Name == c.Profile)))
            .Select(c => $"The claim {c} names no suite of this package: claim one of {string.Join(", ", All.Select(s => s.Name))}, "
                + $"a {nameof(ProfileSpecificationTests)} with one of the profiles "
                + $"{string.Join(", ", FrameworkProfiles.All.Select(p => p.Name))}.");
        return
        [
            .. invalid,
            .. claims.Except(derived).Select(c => $"{testAssembly.GetName().Name} claims {c}, but no public class derives it."),
            .. derived.Except(claims)
                .Select(d => $"{testAssembly.GetName().Name} derives {d} without claiming it; "
                    + "add [assembly: ClaimsConformance(...)] for it."),
        ];
    }

    private static string[] Names(IReadOnlyList<ClaimsConformanceAttribute> claims) =>
        claims.Count == 0 ? [nameof(TrainabilitySpecificationTests)] : [.. claims.Select(c => c.ToString()).Order(StringComparer.Ordinal)];

    private static string Name(Type suite, Type derived)
    {
        if (suite != typeof(ProfileSpecificationTests))
        {
            return suite.Name;
        }

        // A profile suite is named by the profile its class claims; reading it needs an instance, whose output helper it never uses here.
        var constructor = derived.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == 1);
        if (constructor is null)
        {
            return $"{suite.Name} (profile of {derived.Name} unreadable: it has no constructor taking only the output helper)";
        }

        var instance = constructor.Invoke([null]);
        var profile = (FrameworkProfile)suite.GetProperty("Profile", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(instance)!;
        return $"{suite.Name} ({profile.Name})";
    }
}
