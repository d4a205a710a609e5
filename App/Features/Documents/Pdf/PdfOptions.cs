namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>Where Chromium is and how long one PDF may take (configuration section "Pdf").</summary>
public sealed class PdfOptions
{
    public const string Section = "Pdf";

    public string ChromiumPath { get; set; } = "/usr/bin/chromium";

    public int TimeoutSeconds { get; set; } = 60;
}
