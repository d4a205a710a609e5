using System.Buffers.Binary;
using System.Text;

namespace SchoolAssessment.Tests.Features.Evidence;

/// <summary>A stream (no children) or a storage (children) in a compound file made by <see cref="CompoundFiles"/>.</summary>
internal sealed record CfbNode(string Name, CfbNode[]? Children)
{
    public static CfbNode Stream(string name) => new(name, null);

    public static CfbNode Storage(string name, params CfbNode[] children) => new(name, children);
}

/// <summary>
/// Builds minimal valid OLE2 compound files (MS-CFB) byte by byte: header, FAT, DIFAT when the FAT outgrows
/// the header, directory, and streams. Every stream is 4096 bytes, the mini-stream cutoff, so it lives in
/// ordinary sectors and no mini FAT is needed. Sectors: FAT, DIFAT, <c>gap</c> free sectors, directory, data.
/// </summary>
internal static class CompoundFiles
{
    public const uint EndOfChain = 0xFFFFFFFE;
    public const uint NoStream = 0xFFFFFFFF;
    public const int LeftSibling = 68, RightSibling = 72, Child = 76;

    private const uint FreeSector = 0xFFFFFFFF, FatSector = 0xFFFFFFFD, DifatSector = 0xFFFFFFFC;
    private const int StreamLength = 4096;

    public static byte[] Word(int sectorSize = 512) => Build(sectorSize, CfbNode.Stream("WordDocument"), CfbNode.Stream("1Table"));

    public static byte[] Excel(int sectorSize = 512, string stream = "Workbook") => Build(sectorSize, CfbNode.Stream(stream));

    public static byte[] Build(int sectorSize, params CfbNode[] rootChildren) => Build(sectorSize, 0, rootChildren);

    public static byte[] Build(int sectorSize, int gap, params CfbNode[] rootChildren)
    {
        var entries = new List<Entry> { new("Root Entry", 5) };
        entries[0].Child = AddChildren(entries, rootChildren);

        var perSector = sectorSize / 4;
        var directorySectors = (entries.Count * 128 + sectorSize - 1) / sectorSize;
        var streams = entries.Where(e => e.Type == 2).ToList();
        var dataSectors = streams.Count * (StreamLength / sectorSize);
        int fatSectors = 1, difatSectors, total;
        while (true)
        {
            difatSectors = fatSectors > 109 ? (fatSectors - 109 + perSector - 2) / (perSector - 1) : 0;
            total = fatSectors + difatSectors + gap + directorySectors + dataSectors;
            if (fatSectors * perSector >= total) break;
            fatSectors++;
        }

        var fat = Enumerable.Repeat(FreeSector, fatSectors * perSector).ToArray();
        var next = 0u;
        for (var i = 0; i < fatSectors; i++) fat[next++] = FatSector;
        for (var i = 0; i < difatSectors; i++) fat[next++] = DifatSector;
        next += (uint)gap;
        uint Chain(int length)
        {
            var start = next;
            for (var i = 0; i < length; i++, next++) fat[next] = i == length - 1 ? EndOfChain : next + 1;
            return start;
        }
        var firstDirectorySector = Chain(directorySectors);
        foreach (var stream in streams) stream.Start = Chain(StreamLength / sectorSize);

        var file = new byte[sectorSize * (1 + total)];
        var span = file.AsSpan();
        Span<byte> Sector(uint n) => file.AsSpan((int)(n + 1) * sectorSize, sectorSize);

        // Header (MS-CFB 2.2).
        ReadOnlySpan<byte> signature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        signature.CopyTo(span);
        U16(span, 24, 0x003E);
        U16(span, 26, sectorSize == 512 ? (ushort)3 : (ushort)4);
        U16(span, 28, 0xFFFE);
        U16(span, 30, sectorSize == 512 ? (ushort)9 : (ushort)12);
        U16(span, 32, 6);
        U32(span, 40, sectorSize == 512 ? 0 : (uint)directorySectors);
        U32(span, 44, (uint)fatSectors);
        U32(span, 48, firstDirectorySector);
        U32(span, 56, 4096);
        U32(span, 60, EndOfChain);
        U32(span, 68, difatSectors > 0 ? (uint)fatSectors : EndOfChain);
        U32(span, 72, (uint)difatSectors);
        for (var i = 0; i < 109; i++) U32(span, 76 + 4 * i, i < fatSectors ? (uint)i : FreeSector);

        for (var d = 0; d < difatSectors; d++)
        {
            var sector = Sector((uint)(fatSectors + d));
            for (var i = 0; i < perSector - 1; i++)
            {
                var fatIndex = 109 + d * (perSector - 1) + i;
                U32(sector, 4 * i, fatIndex < fatSectors ? (uint)fatIndex : FreeSector);
            }
            U32(sector, sectorSize - 4, d + 1 < difatSectors ? (uint)(fatSectors + d + 1) : EndOfChain);
        }

        for (var i = 0; i < fat.Length; i++) U32(span, sectorSize * (1 + i / perSector) + 4 * (i % perSector), fat[i]);

        var directory = span.Slice((int)(firstDirectorySector + 1) * sectorSize, directorySectors * sectorSize);
        for (var i = 0; i < directorySectors * sectorSize / 128; i++)
        {
            var e = directory.Slice(i * 128, 128);
            var entry = i < entries.Count ? entries[i] : new Entry("", 0);
            var name = Encoding.Unicode.GetBytes(entry.Name);
            name.CopyTo(e);
            U16(e, 64, (ushort)(entry.Name.Length == 0 ? 0 : name.Length + 2));
            e[66] = entry.Type;
            e[67] = 1; // black
            U32(e, LeftSibling, entry.Left);
            U32(e, RightSibling, entry.Right);
            U32(e, Child, entry.Child);
            U32(e, 116, entry.Type == 2 ? entry.Start : entry.Type == 5 ? EndOfChain : 0);
            U32(e, 120, entry.Type == 2 ? (uint)StreamLength : 0u);
        }

        foreach (var stream in streams)
            for (var i = 0; i < StreamLength / sectorSize; i++) Sector(stream.Start + (uint)i).Fill((byte)'x');
        return file;
    }

    /// <summary>Rewrites the FAT entry of <paramref name="sector"/>, which must be covered by one of the header's FAT sectors.</summary>
    public static void SetFatEntry(byte[] file, uint sector, uint value)
    {
        var sectorSize = SectorSize(file);
        var fatSector = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(76 + 4 * (int)(sector / (sectorSize / 4))));
        U32(file, (int)((fatSector + 1) * sectorSize + sector % (sectorSize / 4) * 4), value);
    }

    /// <summary>Rewrites a field of directory entry <paramref name="entry"/>, which must be in the first directory sector.</summary>
    public static void SetEntryField(byte[] file, int entry, int field, uint value) =>
        U32(file, (int)((FirstDirectorySector(file) + 1) * SectorSize(file)) + entry * 128 + field, value);

    public static uint FirstDirectorySector(byte[] file) => BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(48));

    private static int SectorSize(byte[] file) => 1 << BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(30));

    /// <summary>Siblings form a binary search tree ordered by name length, then by upper-cased name.</summary>
    private static uint AddChildren(List<Entry> entries, IReadOnlyList<CfbNode> children)
    {
        var sorted = children.OrderBy(c => c.Name.Length).ThenBy(c => c.Name.ToUpperInvariant(), StringComparer.Ordinal).ToList();
        return AddSubtree(entries, sorted, 0, sorted.Count);
    }

    private static uint AddSubtree(List<Entry> entries, List<CfbNode> sorted, int from, int to)
    {
        if (from >= to) return NoStream;
        var middle = (from + to) / 2;
        var node = sorted[middle];
        var id = (uint)entries.Count;
        var entry = new Entry(node.Name, node.Children is null ? (byte)2 : (byte)1);
        entries.Add(entry);
        entry.Left = AddSubtree(entries, sorted, from, middle);
        entry.Right = AddSubtree(entries, sorted, middle + 1, to);
        if (node.Children is not null) entry.Child = AddChildren(entries, node.Children);
        return id;
    }

    private static void U16(Span<byte> span, int offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(span[offset..], value);

    private static void U32(Span<byte> span, int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], value);

    private sealed class Entry(string name, byte type)
    {
        public string Name { get; } = name;
        public byte Type { get; } = type;
        public uint Left { get; set; } = NoStream;
        public uint Right { get; set; } = NoStream;
        public uint Child { get; set; } = NoStream;
        public uint Start { get; set; } = EndOfChain;
    }
}
