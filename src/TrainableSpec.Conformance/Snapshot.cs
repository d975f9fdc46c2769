using System.Reflection;
using ApprovalTests;
using ApprovalTests.Core;
using ApprovalTests.Core.Exceptions;

namespace TrainableSpec.Conformance;

/// <summary>
/// Compares text with an accepted snapshot in the repository's top-level <c>snapshots/</c> folder, named
/// <c>{name}.approved.txt</c>, through ApprovalTests. It never accepts anything by itself: when the snapshot is
/// missing or different the test fails, the new text is left beside it as <c>{name}.received.txt</c>, and the
/// failure shows a line diff and the command that accepts it.
/// </summary>
public static class Snapshot
{
    /// <summary>Fails unless <paramref name="text"/> equals the accepted snapshot <paramref name="name"/>.</summary>
    public static void Verify(string name, string text, Assembly? testAssembly = null) =>
        VerifyIn(Folder(testAssembly ?? Assembly.GetCallingAssembly()), name, text);

    /// <summary>Fails unless <paramref name="text"/> equals the accepted snapshot <paramref name="name"/> in <paramref name="folder"/>.</summary>
    public static void VerifyIn(string folder, string name, string text)
    {
        try
        {
            Approvals.Verify(new ApprovalTextWriter(text.ReplaceLineEndings("\n")), new Namer(folder, name), new SilentReporter());
        }
        catch (ApprovalException e)
        {
            throw new SnapshotMismatchException(Describe(name, e.Approved, e.Received));
        }
    }

    /// <summary>
    /// The snapshots folder: <c>snapshots/</c> under the TrainableSpec repository the test assembly was built in;
    /// for an implementation built elsewhere (which has no such folder), a folder beside the test assembly holding
    /// the accepted snapshots shipped inside this package, so every implementation meets the same files.
    /// </summary>
    public static string Folder(Assembly testAssembly)
    {
        var root = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        var repository = root is null ? null : Path.Combine(root, "snapshots");
        return repository is not null && Directory.Exists(repository) ? repository : Shipped();
    }

    private static string Shipped()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "trainable-spec-snapshots");
        Directory.CreateDirectory(folder);
        var assembly = typeof(Snapshot).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith("snapshots/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            File.WriteAllText(Path.Combine(folder, resource["snapshots/".Length..]), reader.ReadToEnd());
        }

        return folder;
    }

    private static string Describe(string name, string approved, string received)
    {
        var accept = $"mv '{received}' '{approved}'";
        if (!File.Exists(approved))
        {
            return $"Snapshot '{name}' has not been accepted yet. Read {received}; if it is right, accept it with:{Environment.NewLine}  {accept}";
        }

        return $"Snapshot '{name}' differs from the accepted one.{Environment.NewLine}"
            + LineDiff.Of(File.ReadAllLines(approved), File.ReadAllLines(received))
            + $"{Environment.NewLine}If the new text is right, accept it with:{Environment.NewLine}  {accept}";
    }

    private sealed class Namer(string folder, string name) : IApprovalNamer
    {
        public string SourcePath => folder;

        public string Name => name;
    }

    private sealed class SilentReporter : IApprovalFailureReporter
    {
        public void Report(string approved, string received)
        {
        }
    }
}

/// <summary>A snapshot is missing or differs; the message holds the diff and how to accept.</summary>
public sealed class SnapshotMismatchException(string message) : Exception(message);
