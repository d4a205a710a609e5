using System.Buffers.Binary;
using System.Text;

namespace SchoolAssessment.Features.Evidence;

/// <summary>
/// Reads the names of the streams directly under the root of an OLE2 compound file (MS-CFB), which is all
/// that tells a .doc from an .xls. It follows only the FAT chain of the directory and reads nothing else,
/// sector by sector, so a hostile file costs at most a few reads per sector of its own length: every
/// loop is bounded by the file's sector count and a cycle is refused, not followed.
/// </summary>
internal static class CompoundFileReader
{
    public static ReadOnlySpan<byte> Signature => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private const int HeaderSize = 512;
    private const int HeaderDifatEntries = 109;
    private const int DirectoryEntrySize = 128;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint NoStream = 0xFFFFFFFF;
    private const byte StreamObject = 2;
    private const byte RootObject = 5;

    /// <summary>
    /// The root's stream names (compound file names compare case-insensitively). The stream must be
    /// seekable; throws <see cref="InvalidDataException"/> when the file is not a well-formed compound file.
    /// </summary>
    public static async Task<IReadOnlySet<string>> ReadRootStreamNamesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[HeaderSize];
        await ReadAtAsync(stream, 0, header, cancellationToken);
        if (!header.AsSpan(0, 8).SequenceEqual(Signature) || U16(header, 28) != 0xFFFE) throw Malformed("header");

        // Version 3 files have 512-byte sectors, version 4 files 4096-byte ones; nothing else exists.
        var sectorSize = (U16(header, 26), U16(header, 30)) switch
        {
            (3, 9) => 512,
            (4, 12) => 4096,
            _ => throw Malformed("sector size"),
        };
        // Sector n starts at (n + 1) * sectorSize, so this counts the sectors after the header, a short last
        // one included: some writers truncate it. Reading past the end is refused all the same.
        var sectorCount = (stream.Length - 1) / sectorSize;
        if (sectorCount <= 0) throw Malformed("length");
        var reader = new SectorReader(stream, sectorSize, sectorCount);

        var fatSectors = await ReadFatSectorListAsync(reader, header, cancellationToken);
        var directory = await ReadChainAsync(reader, fatSectors, U32(header, 48), cancellationToken);
        return await ReadRootStreamsAsync(reader, directory, cancellationToken);
    }

    /// <summary>Where the FAT lives: the first 109 sector numbers are in the header, the rest in the DIFAT chain.</summary>
    private static async Task<uint[]> ReadFatSectorListAsync(SectorReader reader, byte[] header, CancellationToken cancellationToken)
    {
        var fatCount = U32(header, 44);
        if (fatCount == 0 || fatCount > reader.SectorCount) throw Malformed("FAT size");

        var fat = new List<uint>((int)fatCount);
        for (var i = 0; i < Math.Min(HeaderDifatEntries, fatCount); i++) fat.Add(U32(header, 76 + 4 * i));

        var perDifatSector = reader.SectorSize / 4 - 1; // the last entry points to the next DIFAT sector
        var difatSector = U32(header, 68);
        var sector = new byte[reader.SectorSize];
        // Each pass adds perDifatSector entries, so this ends after fatCount / perDifatSector + 1 reads at most.
        while (fat.Count < fatCount)
        {
            await reader.ReadSectorAsync(difatSector, 0, sector, cancellationToken);
            for (var i = 0; i < perDifatSector && fat.Count < fatCount; i++) fat.Add(U32(sector, 4 * i));
            difatSector = U32(sector, reader.SectorSize - 4);
        }
        if (fat.Any(s => s >= reader.SectorCount)) throw Malformed("FAT sector");
        return [.. fat];
    }

    private static async Task<List<uint>> ReadChainAsync(SectorReader reader, uint[] fatSectors, uint start, CancellationToken cancellationToken)
    {
        var chain = new List<uint>();
        var entriesPerFatSector = (uint)reader.SectorSize / 4;
        var entry = new byte[4];
        for (var sector = start; sector != EndOfChain;)
        {
            // Special values (free, end of FAT...) are past any real sector; a chain longer than the file has
            // sectors must loop back on itself.
            if (sector >= reader.SectorCount || chain.Count >= reader.SectorCount) throw Malformed("directory chain");
            chain.Add(sector);

            var fatIndex = sector / entriesPerFatSector;
            if (fatIndex >= fatSectors.Length) throw Malformed("directory chain");
            await reader.ReadSectorAsync(fatSectors[fatIndex], (int)(sector % entriesPerFatSector) * 4, entry, cancellationToken);
            sector = U32(entry, 0);
        }
        if (chain.Count == 0) throw Malformed("directory chain");
        return chain;
    }

    /// <summary>Walks the root's children, a binary tree linked by left and right siblings, without descending into storages.</summary>
    private static async Task<IReadOnlySet<string>> ReadRootStreamsAsync(SectorReader reader, List<uint> directory, CancellationToken cancellationToken)
    {
        var perSector = reader.SectorSize / DirectoryEntrySize;
        var entryCount = (long)directory.Count * perSector;
        var entry = new byte[DirectoryEntrySize];

        async Task ReadEntryAsync(uint id)
        {
            if (id >= entryCount) throw Malformed("directory entry");
            await reader.ReadSectorAsync(directory[(int)(id / perSector)], (int)(id % perSector) * DirectoryEntrySize, entry, cancellationToken);
        }

        await ReadEntryAsync(0);
        if (entry[66] != RootObject) throw Malformed("root entry");

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visited = new HashSet<uint>();
        var pending = new Stack<uint>();
        pending.Push(U32(entry, 76));
        while (pending.TryPop(out var id))
        {
            if (id == NoStream) continue;
            // Each entry is visited once, so the walk ends within entryCount steps even if the tree is corrupt.
            if (!visited.Add(id) || id == 0) throw Malformed("directory tree");
            await ReadEntryAsync(id);
            if (entry[66] == StreamObject && Name(entry) is { } name) names.Add(name);
            pending.Push(U32(entry, 68));
            pending.Push(U32(entry, 72));
        }
        return names;
    }

    /// <summary>The UTF-16 name; its stored length counts bytes and the terminating null.</summary>
    private static string? Name(byte[] entry)
    {
        var length = U16(entry, 64);
        return length is >= 2 and <= 64 && length % 2 == 0 ? Encoding.Unicode.GetString(entry, 0, length - 2) : null;
    }

    private static async Task ReadAtAsync(Stream stream, long offset, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        stream.Position = offset;
        try
        {
            await stream.ReadExactlyAsync(buffer, cancellationToken);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("The compound file ends inside a sector it refers to.", e);
        }
    }

    private static ushort U16(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset));

    private static uint U32(byte[] bytes, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));

    private static InvalidDataException Malformed(string what) => new($"Malformed compound file: {what}.");

    private sealed record SectorReader(Stream Stream, int SectorSize, long SectorCount)
    {
        public Task ReadSectorAsync(uint sector, int offset, Memory<byte> buffer, CancellationToken cancellationToken) =>
            sector < SectorCount
                ? ReadAtAsync(Stream, (sector + 1L) * SectorSize + offset, buffer, cancellationToken)
                : throw Malformed("sector number");
    }
}
