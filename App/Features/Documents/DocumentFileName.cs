using System.Buffers;

namespace SchoolAssessment.Features.Documents;

/// <summary>The name a downloaded or exported document is saved under.</summary>
public static class DocumentFileName
{
    // What Windows refuses in a file name, where most users save: a standard's name may quote "六个有".
    private static readonly SearchValues<char> Forbidden = SearchValues.Create("\\/:*?\"<>|");

    /// <summary>The parts joined by "-", with the extension; characters a file name may not hold are left out.</summary>
    public static string Of(string extension, params object[] parts) =>
        string.Concat(string.Join('-', parts).Where(c => !char.IsControl(c) && !Forbidden.Contains(c))) + "." + extension;
}
