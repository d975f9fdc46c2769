using System.Text;
using TorchSharp;

namespace TrainableSpec.TorchSharp.Native;

/// <summary>
/// Loads libtorch once per process, first making TorchSharp's native library loadable where needed.
/// <para>
/// TorchSharp 0.107.0's <c>libLibTorchSharp.so</c> requires <c>GLIBCXX_3.4.32</c> (GCC 13) for exactly one symbol,
/// <c>std::ios_base_library_init</c>, which GCC 13's <c>&lt;iostream&gt;</c> only names (<c>.globl</c>) so that
/// the program links against a libstdc++ that initialises the standard streams itself. Debian 12's libstdc++
/// stops at <c>GLIBCXX_3.4.30</c>, so the load fails. On such a host (Linux, libstdc++ without that version)
/// this class patches the copy of the library in the build output — never the one in the NuGet cache — to make
/// the requirement weak and the symbol unversioned (<see cref="ElfVersionPatcher"/>). No definition of the
/// symbol is needed: no relocation binds it (checked before patching; otherwise the patch is refused), and the
/// streams are still initialised because libtorch's own <c>libc10.so</c> and <c>libtorch_cpu.so</c>, which load
/// first, construct <c>std::ios_base::Init</c> (checked by the tests).
/// </para>
/// </summary>
public static class LibTorchRuntime
{
    /// <summary>The version TorchSharp 0.107.0 requires beyond Debian 12's libstdc++.</summary>
    public const string MissingVersion = "GLIBCXX_3.4.32";

    /// <summary>The native library TorchSharp loads.</summary>
    public const string NativeLibraryName = "libLibTorchSharp.so";

    private static readonly Lazy<string> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads libtorch (once), returning what was done to make it loadable.</summary>
    /// <exception cref="LibTorchUnavailableException">libtorch cannot be loaded here; the message says why and what to do.</exception>
    public static string EnsureLoaded() => Loaded.Value;

    /// <summary>Finds the libstdc++ this process uses (the one the dynamic linker chose), or null when none is loaded or found.</summary>
    public static string? HostLibStdCxx()
    {
        var mapped = File.Exists("/proc/self/maps")
            ? File.ReadLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
                .FirstOrDefault(p => p is not null && Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal))
            : null;
        return mapped
            ?? new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }
                .FirstOrDefault(File.Exists);
    }

    /// <summary>Whether the library at <paramref name="path"/> defines the symbol version <paramref name="version"/>.</summary>
    public static bool Defines(string path, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        return File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>The copy of TorchSharp's native library in the build output.</summary>
    public static string? NativeLibraryInOutput() =>
        new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", NativeLibraryName),
            Path.Combine(AppContext.BaseDirectory, NativeLibraryName),
        }.FirstOrDefault(File.Exists);

    /// <summary>
    /// Makes the library at <paramref name="path"/> loadable without <paramref name="version"/> (by default
    /// <see cref="MissingVersion"/>), in place, and says what it did. Safe to call again and from several
    /// processes at once.
    /// </summary>
    /// <exception cref="LibTorchUnavailableException">
    /// The path is in the NuGet cache, or a symbol of the version is bound and so needs a definition.
    /// </exception>
    public static string MakeLoadable(string path, string version = MissingVersion)
    {
        if (path.Replace('\\', '/').Contains("/.nuget/packages/", StringComparison.OrdinalIgnoreCase))
        {
            throw new LibTorchUnavailableException(
                $"Refusing to patch {path}: it is in the NuGet cache. Only the copy in a build output is patched; "
                + "build the project so the native libraries are copied next to it.");
        }

        using var gate = Lock(path + ".patch-lock");
        var bytes = File.ReadAllBytes(path);
        var found = ElfVersionPatcher.Inspect(bytes, version);
        if (!found.Required || found.WasWeak)
        {
            return found.Required ? $"{path} was already patched: {version} is optional." : $"{path} does not require {version}.";
        }

        if (found.Bound.Count > 0)
        {
            throw new LibTorchUnavailableException(
                $"{path} binds {string.Join(", ", found.Bound)} from {version}, "
                + "so making the version optional is not enough: a definition is needed. "
                + "Install a libstdc++ from GCC 13 or newer (for example from Debian 13), "
                + "or use a TorchSharp built against an older libstdc++.");
        }

        ElfVersionPatcher.MakeOptional(bytes, version);
        var temporary = path + ".patching";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return $"Patched {path}: {version} made optional for {string.Join(", ", found.Symbols)}.";
    }

    private static string Load()
    {
        var step = "No compatibility step was needed.";
        string? host = null;
        if (OperatingSystem.IsLinux())
        {
            host = HostLibStdCxx();
            if (host is not null && !Defines(host, MissingVersion))
            {
                var library = NativeLibraryInOutput()
                    ?? throw new LibTorchUnavailableException(Explain(
                        host,
                        $"{NativeLibraryName} was not found in the build output {AppContext.BaseDirectory}",
                        "Reference the TorchSharp-cpu package from the project that runs, "
                        + "so its native libraries are copied to the output."));
                step = MakeLoadable(library);
            }
        }

        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            torch.set_num_threads(1);
            return step;
        }
        catch (Exception e) when (e is not LibTorchUnavailableException)
        {
            var first = e.Message.Split('\n', 2)[0].Trim();
            throw new LibTorchUnavailableException(
                Explain(
                    host,
                    $"TorchSharp could not load libtorch ({first}). {step}",
                    "Run 'ldd' on the library named above to see which dependency is missing; "
                    + "on Linux, libstdc++ must be GCC 12 or newer with this compatibility step, or GCC 13 or newer without it."),
                e);
        }
    }

    private static string Explain(string? host, string cause, string fix) =>
        $"libtorch cannot be loaded. Cause: {cause}. Host libstdc++: {host ?? "not found"}. Fix: {fix}";

    private static FileStream Lock(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                Thread.Sleep(50);
            }
        }
    }
}
