namespace SchoolAssessment.Tests.Support;

/// <summary>A test that drives Debian's Chromium; it is skipped, saying why, only where Chromium is not installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath)) Skip = $"Chromium is not installed at {ChromiumPath} (apt-get install chromium)";
    }
}
