using System.Text;
using Microsoft.Extensions.Options;

namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>
/// The typefaces GB/T 9704 names for each role, as a deployment licenses them: font files in <c>Pdf:FontsDirectory</c>
/// (e.g. 方正小标宋简体.ttf, 仿宋_GB2312.ttf, 楷体_GB2312.ttf, 黑体.ttf), recognised by their file names. They are
/// served to the printed page as <c>fonts/licensed.css</c> (families "GB Title", "GB Body", "GB Kai", "GB Hei"), which
/// print.css names before the OFL faces shipped with the app; a role without a file falls through to those.
/// </summary>
public sealed class DocumentFonts(IOptions<PdfOptions> options, ILogger<DocumentFonts> logger)
{
    public const string StylesheetPath = "fonts/licensed.css";
    private const string FilePrefix = "fonts/licensed/";

    private static readonly (string Family, string[] Names)[] Roles =
    [
        ("GB Title", ["小标宋", "xiaobiaosong", "xbs"]),
        ("GB Body", ["仿宋", "fangsong", "simfang", "fs_gb2312"]),
        ("GB Kai", ["楷", "kaiti", "simkai", "kai_gb2312"]),
        ("GB Hei", ["黑体", "heiti", "simhei"]),
    ];

    private static readonly Dictionary<string, (string Format, string ContentType)> Formats = new(StringComparer.OrdinalIgnoreCase)
    {
        [".woff2"] = ("woff2", "font/woff2"),
        [".woff"] = ("woff", "font/woff"),
        [".ttf"] = ("truetype", "font/ttf"),
        [".otf"] = ("opentype", "font/otf"),
    };

    private readonly Lazy<(string Css, Dictionary<string, string> Files)> _found = new(() => Scan(options.Value.FontsDirectory, logger));

    /// <summary>The @font-face rules of the licensed files found (empty without a directory).</summary>
    public string Stylesheet => _found.Value.Css;

    /// <summary>The roles a licensed file was found for, e.g. "GB Body".</summary>
    public IReadOnlyCollection<string> Files => _found.Value.Files.Keys;

    /// <summary>The answer to a printed page's request below fonts/, or null when it names nothing of ours.</summary>
    internal WebRootFile? Resolve(string relativePath)
    {
        if (relativePath == StylesheetPath) return new WebRootFile("", "text/css; charset=utf-8");
        if (!relativePath.StartsWith(FilePrefix, StringComparison.Ordinal)) return null;
        // Only a file found by the scan, by its exact name: nothing else of the disk is reachable.
        return _found.Value.Files.Values.FirstOrDefault(p => Path.GetFileName(p) == relativePath[FilePrefix.Length..]) is { } path
            ? new WebRootFile(path, Formats[Path.GetExtension(path)].ContentType)
            : null;
    }

    private static (string, Dictionary<string, string>) Scan(string? directory, ILogger logger)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(directory)) return ("", files);
        if (!Directory.Exists(directory))
        {
            logger.LogWarning("Pdf:FontsDirectory {Directory} does not exist; documents use the fonts shipped with the app", directory);
            return ("", files);
        }

        var css = new StringBuilder();
        var candidates = Directory.EnumerateFiles(directory).Where(f => Formats.ContainsKey(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
        foreach (var (family, names) in Roles)
        {
            var file = candidates.FirstOrDefault(f => names.Any(n => Path.GetFileNameWithoutExtension(f).Contains(n, StringComparison.OrdinalIgnoreCase)));
            if (file is null) continue;
            files[family] = file;
            // Every weight maps to the one file, so a heavy title is never a synthesised bold of it.
            css.Append("@font-face { font-family: \"").Append(family).Append("\"; font-weight: 100 900; src: url(\"")
                // Relative to the stylesheet, which is served from fonts/.
                .Append("licensed/").Append(Uri.EscapeDataString(Path.GetFileName(file))).Append("\") format(\"")
                .Append(Formats[Path.GetExtension(file)].Format).Append("\"); }\n");
        }

        logger.LogInformation("Licensed document fonts: {Roles}", files.Count == 0 ? "none found" : string.Join(", ", files.Select(f => $"{f.Key} = {Path.GetFileName(f.Value)}")));
        return (css.ToString(), files);
    }
}
