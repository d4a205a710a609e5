namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>A file of the web root served to a printed page, with its content type.</summary>
internal sealed record WebRootFile(string Path, string ContentType);

/// <summary>Maps a printed page's request on its fake origin to a file under wwwroot, and nothing else.</summary>
internal static class WebRootFiles
{
    // Only what documents use: styles, scripts, fonts and pictures.
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".woff2"] = "font/woff2",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
    };

    /// <summary>The file <paramref name="url"/> names under <paramref name="webRoot"/>, or null if it is elsewhere, missing or of another type.</summary>
    public static WebRootFile? Resolve(string webRoot, Uri origin, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || !string.Equals(uri.GetLeftPart(UriPartial.Authority), origin.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            return null;

        // Chromium has already removed plain "../" segments; escaped separators and dots arrive here decoded.
        var relative = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');
        if (relative.Length == 0 || relative.Contains('\\') || relative.Contains('\0')) return null;

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(webRoot)) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!full.StartsWith(root, StringComparison.Ordinal)) return null;

        return ContentTypes.TryGetValue(Path.GetExtension(full), out var type) && File.Exists(full)
            ? new WebRootFile(full, type)
            : null;
    }
}
