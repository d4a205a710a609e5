namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>Where Chromium is, how long one PDF may take, and how many warm pages wait for the next (configuration section "Pdf").</summary>
public sealed class PdfOptions
{
    public const string Section = "Pdf";

    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>How many pages are kept open between prints; more are opened while more documents print at once.</summary>
    public int WarmPages { get; set; } = 2;

    /// <summary>
    /// How many documents a page prints before it is closed and a fresh one takes its place. A page's renderer keeps
    /// growing (277 MB to 455 MB over its first ~100 plans of 31 pages, then slowly, to 533 MB at ~300), and each
    /// retirement costs a print that shares the cores with the successor's warming: 200 bounds the one and makes the
    /// other rare (README, "Start, PDF and scoring beside their floors").
    /// </summary>
    public int PrintsPerPage { get; set; } = 200;

    /// <summary>A folder of licensed font files (仿宋_GB2312, 方正小标宋, 楷体, 黑体) used before the shipped OFL faces (<see cref="DocumentFonts"/>).</summary>
    public string? FontsDirectory { get; set; }

    /// <summary>Launch the browser and open its warm pages in the background at start, so the first document does not wait for them.</summary>
    public bool WarmAtStart { get; set; } = true;
}
