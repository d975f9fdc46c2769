using System.Buffers.Binary;
using System.Text;

namespace TrainableSpec.TorchSharp.Native;

/// <summary>
/// A read-only view of the dynamic-linking tables of a 64-bit little-endian ELF shared library: its dynamic
/// symbols, the symbol versions it requires from other libraries, and which symbols its relocations bind.
/// </summary>
public sealed class ElfFile
{
    private const uint ShtRela = 4;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;

    private readonly byte[] _bytes;
    private readonly List<Section> _sections;

    /// <summary>Parses <paramref name="bytes"/>; the array is kept, not copied.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a 64-bit little-endian ELF file with version tables.</exception>
    public ElfFile(byte[] bytes)
    {
        _bytes = bytes;
        _sections = ReadSections(bytes);
        var dynsym = Single(ShtDynsym, ".dynsym");
        VersionSymbols = Single(ShtGnuVersym, ".gnu.version");
        Symbols = [.. Enumerable.Range(0, (int)(dynsym.Size / 24)).Select(i =>
        {
            var entry = (int)dynsym.Offset + (i * 24);
            return new Symbol(
                i,
                String(_sections[(int)dynsym.Link], U32(entry)),
                U16(entry + 6) == 0,
                U16((int)VersionSymbols.Offset + (i * 2)) & 0x7fff);
        })];
        Requirements = [.. ReadRequirements(Single(ShtGnuVerneed, ".gnu.version_r"))];
        BoundSymbolIndices = _sections.Where(s => s.Type == ShtRela && _sections[(int)s.Link].Type == ShtDynsym)
            .SelectMany(s => Enumerable.Range(0, (int)(s.Size / 24))
                .Select(i => (int)(BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)s.Offset + (i * 24) + 8)) >> 32)))
            .ToHashSet();
    }

    /// <summary>The dynamic symbols, in table order.</summary>
    public IReadOnlyList<Symbol> Symbols { get; }

    /// <summary>Every version the library requires, with the library that must provide it.</summary>
    public IReadOnlyList<Requirement> Requirements { get; }

    /// <summary>The indices of the dynamic symbols some relocation binds (those the dynamic linker must resolve).</summary>
    public IReadOnlySet<int> BoundSymbolIndices { get; }

    internal Section VersionSymbols { get; }

    /// <summary>Whether the library imports (uses, undefined here) a symbol of that name.</summary>
    public bool Imports(string name) => Symbols.Any(s => s.IsUndefined && s.Name == name);

    internal ushort U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(offset));

    private IEnumerable<Requirement> ReadRequirements(Section verneed)
    {
        var need = (int)verneed.Offset;
        for (var n = 0; n < verneed.Info; n++)
        {
            var file = String(_sections[(int)verneed.Link], U32(need + 4));
            var aux = need + (int)U32(need + 8);
            for (var a = 0; a < U16(need + 2); a++)
            {
                yield return new Requirement(file, String(_sections[(int)verneed.Link], U32(aux + 8)), U16(aux + 4), U16(aux + 6), aux);
                aux += (int)U32(aux + 12);
            }

            need += (int)U32(need + 12);
        }
    }

    private Section Single(uint type, string name) =>
        _sections.FirstOrDefault(s => s.Type == type) ?? throw new InvalidDataException($"The ELF file has no {name} section.");

    private string String(Section table, uint offset)
    {
        var start = (int)(table.Offset + offset);
        var end = Array.IndexOf(_bytes, (byte)0, start);
        return end < 0
            ? throw new InvalidDataException("An ELF string runs past the end of the file.")
            : Encoding.ASCII.GetString(_bytes, start, end - start);
    }

    private static List<Section> ReadSections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("Not a 64-bit little-endian ELF file.");
        }

        var offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28));
        var size = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3A));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(0x3C));
        if (offset <= 0 || size < 64 || offset + ((long)size * count) > elf.Length)
        {
            throw new InvalidDataException("The ELF section header table lies outside the file.");
        }

        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var header = elf.AsSpan((int)(offset + (i * size)));
            return new Section(
                BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(header[44..]));
        })];
    }

    /// <summary>A dynamic symbol and the version index it is bound to (0 local, 1 global, ≥ 2 a named version).</summary>
    public sealed record Symbol(int Index, string Name, bool IsUndefined, int VersionIndex);

    /// <summary>A required version: <paramref name="Name"/> from <paramref name="File"/>, weak when <c>Flags &amp; 2</c>.</summary>
    public sealed record Requirement(string File, string Name, ushort Flags, ushort Index, int Offset)
    {
        /// <summary>Whether a missing version only warns instead of failing the load.</summary>
        public bool IsWeak => (Flags & 0x2) != 0;
    }

    internal sealed record Section(uint Type, long Offset, long Size, uint Link, uint Info);
}
