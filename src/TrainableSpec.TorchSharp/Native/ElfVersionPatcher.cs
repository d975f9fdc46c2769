using System.Buffers.Binary;

namespace TrainableSpec.TorchSharp.Native;

/// <summary>
/// Makes one required symbol version optional in an ELF shared library: its entry in <c>.gnu.version_r</c> is
/// marked <c>VER_FLG_WEAK</c> and the symbols bound to it lose their version in <c>.gnu.version</c>. The dynamic
/// linker then loads the library on a host whose library lacks that version.
/// </summary>
public static class ElfVersionPatcher
{
    private const ushort VerFlgWeak = 0x2;
    private const ushort VerNdxGlobal = 1;

    /// <summary>What the library asked of the version, and what a patch changed.</summary>
    /// <param name="Required">Whether the library requires the version at all.</param>
    /// <param name="WasWeak">Whether the requirement was already weak before this call (the file was patched before).</param>
    /// <param name="Symbols">The symbols bound to the version.</param>
    /// <param name="Bound">
    /// Those of <paramref name="Symbols"/> some relocation binds: the dynamic linker must find a definition for them.
    /// </param>
    public sealed record Result(bool Required, bool WasWeak, IReadOnlyList<string> Symbols, IReadOnlyList<string> Bound);

    /// <summary>Reports how <paramref name="elf"/> requires <paramref name="version"/>, changing nothing.</summary>
    public static Result Inspect(byte[] elf, string version) => Apply(elf, version, write: false);

    /// <summary>
    /// Makes <paramref name="version"/> optional in <paramref name="elf"/> (in place); patching twice changes nothing more.
    /// </summary>
    public static Result MakeOptional(byte[] elf, string version) => Apply(elf, version, write: true);

    private static Result Apply(byte[] elf, string version, bool write)
    {
        var file = new ElfFile(elf);
        var requirement = file.Requirements.FirstOrDefault(r => r.Name == version);
        if (requirement is null)
        {
            return new Result(false, false, [], []);
        }

        var symbols = file.Symbols.Where(s => s.VersionIndex == requirement.Index).ToArray();
        if (write)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(requirement.Offset + 4), (ushort)(requirement.Flags | VerFlgWeak));
            foreach (var symbol in symbols)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan((int)file.VersionSymbols.Offset + (symbol.Index * 2)), VerNdxGlobal);
            }
        }

        return new Result(
            true,
            requirement.IsWeak,
            [.. symbols.Select(s => s.Name)],
            [.. symbols.Where(s => file.BoundSymbolIndices.Contains(s.Index)).Select(s => s.Name)]);
    }
}
