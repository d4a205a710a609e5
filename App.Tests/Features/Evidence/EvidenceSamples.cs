using System.IO.Compression;
using System.Text;

namespace SchoolAssessment.Tests.Features.Evidence;

/// <summary>Files made in code: the signature a format starts with, then padding; Office files with the parts that identify them.</summary>
internal static class EvidenceSamples
{
    public static byte[] Pdf() => Padded("%PDF-1.7\n%âãÏÓ\n"u8);

    public static byte[] Png() => Padded([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R']);

    public static byte[] Jpeg() => Padded([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0]);

    /// <summary>An ELF executable's start.</summary>
    public static byte[] Elf() => Padded([0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]);

    /// <summary>A Windows executable's start ("MZ", then the DOS stub).</summary>
    public static byte[] WindowsExe() => Padded("MZ\x90\0\x03\0\0\0This program cannot be run in DOS mode."u8);

    public static byte[] Docx() => Zip("[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/_rels/document.xml.rels", "docProps/core.xml");

    public static byte[] Xlsx() => Zip("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml");

    /// <summary>A ZIP whose entries hold a little text each.</summary>
    public static byte[] Zip(params string[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var name in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write($"<?xml version=\"1.0\"?><part name=\"{name}\"/>");
            }
        return buffer.ToArray();
    }

    /// <summary>
    /// A docx whose document part inflates to <paramref name="inflatedBytes"/> zeros from a few kilobytes:
    /// the shape of a zip bomb. Returns the file and the compressed size of that part.
    /// </summary>
    public static (byte[] File, long BombBytes) ZipBomb(int inflatedBytes)
    {
        using var buffer = new MemoryStream();
        long bombBytes;
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var name in new[] { "[Content_Types].xml", "_rels/.rels" })
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write("<?xml version=\"1.0\"?>");
            }
            var start = buffer.Position;
            using (var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open())
            {
                var zeros = new byte[1024 * 1024];
                for (var written = 0; written < inflatedBytes; written += zeros.Length) part.Write(zeros, 0, Math.Min(zeros.Length, inflatedBytes - written));
            }
            bombBytes = buffer.Position - start;
        }
        return (buffer.ToArray(), bombBytes);
    }

    private static byte[] Padded(ReadOnlySpan<byte> head)
    {
        var bytes = new byte[1024];
        head.CopyTo(bytes);
        for (var i = head.Length; i < bytes.Length; i++) bytes[i] = (byte)(i % 251);
        return bytes;
    }
}
