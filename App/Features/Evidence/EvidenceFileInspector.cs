using System.Globalization;
using System.IO.Compression;

namespace SchoolAssessment.Features.Evidence;

/// <summary>
/// Decides what an uploaded evidence file is from its content, never from its name or the content type the
/// browser sent, then checks that its name is a plain file name whose extension fits that content. Only the
/// first bytes are read, plus the ZIP central directory (docx, xlsx) or the OLE2 directory (doc, xls):
/// nothing is decompressed, so a zip bomb costs no more than its own size.
/// </summary>
public sealed class EvidenceFileInspector(long maxBytes = EvidenceFileInspector.DefaultMaxBytes)
{
    public const long DefaultMaxBytes = 20L * 1024 * 1024;
    public const int MaxNameLength = 200;

    internal const string UnsupportedType = "不支持的文件类型，请上传 PDF、PNG、JPEG 图片或 Word、Excel 文件";
    internal const string ContentMismatch = "文件内容与扩展名不符";
    internal const string Damaged = "文件已损坏或不完整，无法识别其类型";
    internal const string Encrypted = "文件设有打开密码，请取消密码后上传";

    private static ReadOnlySpan<byte> PdfSignature => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegSignature => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> ZipSignature => [0x50, 0x4B, 0x03, 0x04];

    public long MaxBytes { get; } = maxBytes > 0 ? maxBytes : throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "The limit must be positive.");

    /// <summary>
    /// Checks a file's name, size and content. <paramref name="content"/> must be readable and seekable (an
    /// <c>IFormFile</c>'s stream is): it is read from its start whatever its position, and left at its start
    /// so the caller can store it next. The verdict never throws for bad content, only for a bad stream.
    /// </summary>
    public async Task<EvidenceCheck> CheckAsync(string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanRead || !content.CanSeek) throw new ArgumentException("The content must be a readable, seekable stream.", nameof(content));

        if (NameError(fileName) is { } nameError) return EvidenceCheck.Refuse(nameError);
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!EvidenceFileKinds.AllExtensions.Contains(extension)) return EvidenceCheck.Refuse(UnsupportedType);
        if (content.Length == 0) return EvidenceCheck.Refuse("文件为空");
        if (content.Length > MaxBytes) return EvidenceCheck.Refuse($"文件大小超过 {Megabytes(MaxBytes)} MB 的上限");

        try
        {
            var detected = await DetectAsync(content, cancellationToken);
            return detected.Kind is not { } kind || kind.Extensions().Contains(extension)
                ? detected
                : EvidenceCheck.Refuse(ContentMismatch);
        }
        catch (InvalidDataException)
        {
            return EvidenceCheck.Refuse(Damaged);
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>
    /// Why a name is refused, or null. The name is shown and offered for download later, so it must be a
    /// plain name: no path, no control or bidirectional-override characters that disguise an extension.
    /// </summary>
    public static string? NameError(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return "文件名不能为空";
        if (fileName.Length > MaxNameLength) return $"文件名不能超过 {MaxNameLength} 个字符";
        if (fileName.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
            return "文件名不能包含控制字符";
        // ':' names a drive or an alternate data stream on Windows.
        if (fileName.AsSpan().IndexOfAny('/', '\\', ':') >= 0 || fileName.Contains("..", StringComparison.Ordinal))
            return "文件名不能包含路径";
        return null;
    }

    private static async Task<EvidenceCheck> DetectAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffer = new byte[8];
        content.Position = 0;
        var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        var head = buffer.AsSpan(0, read);

        if (head.StartsWith(PdfSignature)) return EvidenceCheck.Accept(EvidenceFileKind.Pdf);
        if (head.StartsWith(PngSignature)) return EvidenceCheck.Accept(EvidenceFileKind.Png);
        if (head.StartsWith(JpegSignature)) return EvidenceCheck.Accept(EvidenceFileKind.Jpeg);
        if (head.StartsWith(ZipSignature)) return await InspectZipAsync(content, cancellationToken);
        if (head.StartsWith(CompoundFileReader.Signature)) return await InspectCompoundFileAsync(content, cancellationToken);
        return EvidenceCheck.Refuse(UnsupportedType);
    }

    /// <summary>A docx or xlsx is a ZIP with the OPC content types and the main part of its application.</summary>
    private static async Task<EvidenceCheck> InspectZipAsync(Stream content, CancellationToken cancellationToken)
    {
        content.Position = 0;
        // Read mode on a seekable stream reads the central directory only; no entry is opened.
        await using var zip = await ZipArchive.CreateAsync(content, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        // Part names in a package compare case-insensitively.
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!names.Contains("[Content_Types].xml")) return EvidenceCheck.Refuse(UnsupportedType);
        return (names.Contains("word/document.xml"), names.Contains("xl/workbook.xml")) switch
        {
            (true, false) => EvidenceCheck.Accept(EvidenceFileKind.Word),
            (false, true) => EvidenceCheck.Accept(EvidenceFileKind.Excel),
            _ => EvidenceCheck.Refuse(UnsupportedType),
        };
    }

    /// <summary>
    /// A .doc has a WordDocument stream at the root, an .xls a Workbook (BIFF8) or Book (BIFF5) stream. Only
    /// the root counts: an .xls with an embedded Word object holds a WordDocument stream in a sub-storage.
    /// </summary>
    private static async Task<EvidenceCheck> InspectCompoundFileAsync(Stream content, CancellationToken cancellationToken)
    {
        var streams = await CompoundFileReader.ReadRootStreamNamesAsync(content, cancellationToken);
        var word = streams.Contains("WordDocument");
        var excel = streams.Contains("Workbook") || streams.Contains("Book");
        return (word, excel) switch
        {
            (true, false) => EvidenceCheck.Accept(EvidenceFileKind.LegacyWord),
            (false, true) => EvidenceCheck.Accept(EvidenceFileKind.LegacyExcel),
            // A password-protected docx or xlsx is an OLE2 file holding the encrypted package.
            (false, false) when streams.Contains("EncryptedPackage") => EvidenceCheck.Refuse(Encrypted),
            _ => EvidenceCheck.Refuse(UnsupportedType),
        };
    }

    private static string Megabytes(long bytes) => (bytes / (1024d * 1024)).ToString("0.###", CultureInfo.InvariantCulture);
}
