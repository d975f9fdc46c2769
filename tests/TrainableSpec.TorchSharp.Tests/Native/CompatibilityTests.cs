using System.Reflection;
using TrainableSpec.TorchSharp.Native;

namespace TrainableSpec.TorchSharp.Tests.Native;

/// <summary>The libstdc++ compatibility step: what TorchSharp's library requires, and what the patch changes.</summary>
public sealed class CompatibilityTests : IDisposable
{
    private const string Symbol = "_ZSt21ios_base_library_initv";
    private readonly string _folder = Directory.CreateTempSubdirectory("trainable-spec-elf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Original => typeof(CompatibilityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OriginalLibTorchSharp").Value!;

    private string CopyOfOriginal()
    {
        var copy = Path.Combine(_folder, LibTorchRuntime.NativeLibraryName);
        File.Copy(Original, copy);
        return copy;
    }

    [Fact]
    public void TorchSharps_library_requires_GLIBCXX_3_4_32_for_one_symbol_that_no_relocation_binds()
    {
        var found = ElfVersionPatcher.Inspect(File.ReadAllBytes(Original), LibTorchRuntime.MissingVersion);

        Assert.True(found.Required);
        Assert.False(found.WasWeak);
        Assert.Equal([Symbol], found.Symbols);
        Assert.Empty(found.Bound);
    }

    [Theory]
    [InlineData("libc10.so")]
    [InlineData("libtorch_cpu.so")]
    public void Libtorch_initialises_the_standard_streams_itself_so_no_shim_is_needed(string library)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", library);

        Assert.True(
            new ElfFile(File.ReadAllBytes(path)).Imports("_ZNSt8ios_base4InitC1Ev"),
            $"{library} no longer constructs std::ios_base::Init.");
    }

    [Fact]
    public void The_patch_makes_only_that_requirement_weak_and_unversions_only_that_symbol()
    {
        var bytes = File.ReadAllBytes(Original);
        var before = new ElfFile((byte[])bytes.Clone());

        ElfVersionPatcher.MakeOptional(bytes, LibTorchRuntime.MissingVersion);

        var after = new ElfFile(bytes);
        Assert.Equal(
            before.Requirements.Select(r => (r.Name, r.IsWeak || r.Name == LibTorchRuntime.MissingVersion)),
            after.Requirements.Select(r => (r.Name, r.IsWeak)));
        Assert.Equal(
            before.Symbols.Select(s => s.Name == Symbol ? 1 : s.VersionIndex),
            after.Symbols.Select(s => s.VersionIndex));
    }

    [Fact]
    public void Patching_twice_changes_nothing_more()
    {
        var once = File.ReadAllBytes(Original);
        ElfVersionPatcher.MakeOptional(once, LibTorchRuntime.MissingVersion);
        var twice = (byte[])once.Clone();

        var second = ElfVersionPatcher.MakeOptional(twice, LibTorchRuntime.MissingVersion);

        Assert.True(second.WasWeak);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Making_a_copy_loadable_patches_it_once_and_then_says_it_was_patched()
    {
        var copy = CopyOfOriginal();

        var first = LibTorchRuntime.MakeLoadable(copy);
        var second = LibTorchRuntime.MakeLoadable(copy);

        Assert.StartsWith($"Patched {copy}", first);
        Assert.EndsWith("was already patched: GLIBCXX_3.4.32 is optional.", second);
        Assert.True(ElfVersionPatcher.Inspect(File.ReadAllBytes(copy), LibTorchRuntime.MissingVersion).WasWeak);
    }

    [Fact]
    public void A_library_in_the_NuGet_cache_is_never_patched()
    {
        var cache = Directory.CreateDirectory(Path.Combine(_folder, ".nuget", "packages", "torchsharp")).FullName;
        var inCache = Path.Combine(cache, LibTorchRuntime.NativeLibraryName);
        File.Copy(Original, inCache);

        var e = Assert.Throws<LibTorchUnavailableException>(() => LibTorchRuntime.MakeLoadable(inCache));

        Assert.Contains("it is in the NuGet cache", e.Message);
        Assert.Equal(File.ReadAllBytes(Original), File.ReadAllBytes(inCache));
    }

    [Fact]
    public void The_original_in_the_NuGet_cache_is_untouched_after_libtorch_was_loaded()
    {
        _ = new TorchSharpImplementation();

        Assert.False(ElfVersionPatcher.Inspect(File.ReadAllBytes(Original), LibTorchRuntime.MissingVersion).WasWeak);
    }

    [Fact]
    public void The_step_engages_exactly_when_the_hosts_libstdcxx_lacks_the_version()
    {
        var implementation = new TorchSharpImplementation();
        var host = LibTorchRuntime.HostLibStdCxx();
        var output = LibTorchRuntime.NativeLibraryInOutput()!;

        var hostHasIt = host is not null && LibTorchRuntime.Defines(host, LibTorchRuntime.MissingVersion);

        Assert.Equal(!hostHasIt, ElfVersionPatcher.Inspect(File.ReadAllBytes(output), LibTorchRuntime.MissingVersion).WasWeak);
        Assert.Equal(hostHasIt, implementation.CompatibilityStep.StartsWith("No compatibility step", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.Inspect([1, 2, 3], LibTorchRuntime.MissingVersion));

        Assert.Equal("Not a 64-bit little-endian ELF file.", e.Message);
    }

    [Fact]
    public void A_version_that_relocations_bind_is_reported_as_bound()
    {
        var found = ElfVersionPatcher.Inspect(File.ReadAllBytes(Original), "GLIBCXX_3.4.30");

        Assert.Equal(["_ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE"], found.Bound);
    }

    [Fact]
    public void Making_a_bound_version_optional_is_refused_because_its_symbols_would_need_a_definition()
    {
        var copy = CopyOfOriginal();

        var e = Assert.Throws<LibTorchUnavailableException>(() => LibTorchRuntime.MakeLoadable(copy, "GLIBCXX_3.4.30"));

        Assert.Contains("binds _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE from GLIBCXX_3.4.30", e.Message);
        Assert.Equal(File.ReadAllBytes(Original), File.ReadAllBytes(copy));
    }
}
