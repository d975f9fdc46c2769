using FsCheck;
using FsCheck.Fluent;

namespace TrainableSpec.Specification.Properties;

/// <summary>The result of comparing one observation with the oracle: null when it agrees, else what differs and where.</summary>
internal static class Verdict
{
    public static Property ToProperty(string? failure) =>
        Prop.Label(failure is null, failure ?? "holds");

    public static string? FirstOf(IEnumerable<string?> failures) => failures.FirstOrDefault(f => f is not null);

    public static string Names(IEnumerable<string> names) => $"[{string.Join(" ", names)}]";
}
