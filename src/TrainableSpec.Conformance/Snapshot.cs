using System.Reflection;

namespace TrainableSpec.Conformance;

/// <summary>
/// Compares text with an accepted snapshot <c>{name}.approved.txt</c>: in the repository's top-level <c>snapshots/</c>
/// folder when the test assembly was built in the TrainableSpec repository, else the copy shipped inside this
/// package, read straight from its resources. It keeps Verify's discipline and never accepts anything by itself:
/// comparing writes nothing when the text matches (beyond removing the same implementation's received file of an
/// earlier failing run); when the snapshot is missing or different the test fails, the new text is left as
/// <c>{name}.{implementation}.received.txt</c> (written atomically, named after the implementation's test class —
/// its full name — so suites verifying the same snapshot in parallel never meet), and the failure shows a
/// line diff and, for a repository snapshot, the command that accepts it. Line endings and a byte-order mark do not count.
/// </summary>
public static class Snapshot
{
    private const string ShippedPrefix = "snapshots/";

    /// <summary>Fails unless <paramref name="text"/> equals the accepted snapshot <paramref name="name"/>.</summary>
    /// <param name="name">The snapshot's name, such as <c>Article.summary</c>.</param>
    /// <param name="text">The text the implementation produced.</param>
    /// <param name="testAssembly">
    /// The assembly whose repository holds the snapshots; pass it. Left out, it is the calling assembly as the runtime
    /// reports it, which optimized code can make another: a call in tail position (<c>=&gt; Snapshot.Verify(...)</c>)
    /// leaves no frame of its caller, so the runtime names the caller's caller (a test framework's assembly, whose
    /// snapshots are the copies shipped in this package: a snapshot this package does not ship then reads as never
    /// accepted).
    /// </param>
    /// <param name="implementation">Names the received file, so that implementations never overwrite each other's.</param>
    /// <exception cref="SnapshotMismatchException">The snapshot is missing or differs.</exception>
    public static void Verify(string name, string text, Assembly? testAssembly = null, string implementation = "test")
    {
        var assembly = testAssembly ?? Assembly.GetCallingAssembly();
        if (RepositoryFolder(assembly) is { } folder)
        {
            VerifyIn(folder, name, text, implementation);
            return;
        }

        var received = Path.Combine(AppContext.BaseDirectory, "trainable-spec-snapshots", $"{name}.{Safe(implementation)}.received.txt");
        Compare(name, Shipped(name), text, received, accept: null, $"the copy shipped in {typeof(Snapshot).Assembly.GetName().Name}");
    }

    /// <summary>
    /// Fails unless <paramref name="text"/> equals the accepted snapshot <paramref name="name"/> in <paramref name="folder"/>.
    /// </summary>
    /// <exception cref="SnapshotMismatchException">The snapshot is missing or differs.</exception>
    public static void VerifyIn(string folder, string name, string text, string implementation = "test")
    {
        var approved = Path.Combine(folder, $"{name}.approved.txt");
        var received = Path.Combine(folder, $"{name}.{Safe(implementation)}.received.txt");
        Compare(name, File.Exists(approved) ? File.ReadAllText(approved) : null, text, received, $"mv '{received}' '{approved}'", approved);
    }

    /// <summary>
    /// The snapshots folder: <c>snapshots/</c> under the TrainableSpec repository the test assembly was built in;
    /// for an implementation built elsewhere, a folder beside the test assembly holding the snapshots shipped in this
    /// package (written once per process, atomically, for people and tools to read; comparisons read the resources).
    /// </summary>
    public static string Folder(Assembly testAssembly) => RepositoryFolder(testAssembly) ?? ShippedFolder.Value;

    private static readonly Lazy<string> ShippedFolder = new(() =>
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "trainable-spec-snapshots");
        Directory.CreateDirectory(folder);
        var resources = typeof(Snapshot).Assembly.GetManifestResourceNames();
        foreach (var resource in resources.Where(r => r.StartsWith(ShippedPrefix, StringComparison.Ordinal)))
        {
            WriteAtomically(Path.Combine(folder, resource[ShippedPrefix.Length..]), Resource(resource));
        }

        return folder;
    });

    private static string? RepositoryFolder(Assembly testAssembly)
    {
        var root = testAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        var folder = root is null ? null : Path.Combine(root, "snapshots");
        return folder is not null && Directory.Exists(folder) ? folder : null;
    }

    private static string? Shipped(string name)
    {
        var resource = $"{ShippedPrefix}{name}.approved.txt";
        return typeof(Snapshot).Assembly.GetManifestResourceNames().Contains(resource) ? Resource(resource) : null;
    }

    private static string Resource(string resource)
    {
        using var stream = typeof(Snapshot).Assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static void Compare(string name, string? approvedText, string text, string received, string? accept, string approvedWhere)
    {
        var expected = approvedText is null ? null : Normalized(approvedText);
        var actual = Normalized(text);
        if (expected == actual)
        {
            if (File.Exists(received))
            {
                File.Delete(received);
            }

            return;
        }

        WriteAtomically(received, actual);
        var howToAccept = accept is null
            ? $"The accepted text is {approvedWhere} and cannot be accepted here: the implementation differs from the specification. "
                + $"Its output is in {received}."
            : $"If the new text is right, accept it with:{Environment.NewLine}  {accept}";
        throw new SnapshotMismatchException(expected is null
            ? $"Snapshot '{name}' has not been accepted yet. Read {received}; {howToAccept}"
            : $"Snapshot '{name}' differs from the accepted one.{Environment.NewLine}{LineDiff.Of(expected, actual)}"
                + $"{Environment.NewLine}{howToAccept}");
    }

    private static string Normalized(string text) => text.TrimStart('\uFEFF').ReplaceLineEndings("\n");

    // A unique temporary name, then a rename: a reader never sees a half-written file, and two writers never mix.
    private static void WriteAtomically(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static string Safe(string label) => string.Concat(label.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
}
