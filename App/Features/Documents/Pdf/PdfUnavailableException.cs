namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>
/// PDFs cannot be printed on this server (Chromium is missing or does not start). The message is for the
/// user, in Chinese, and names what is missing, so a caller can show it while everything else keeps working.
/// </summary>
public sealed class PdfUnavailableException : Exception
{
    public PdfUnavailableException(string message) : base(message)
    {
    }

    public PdfUnavailableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
