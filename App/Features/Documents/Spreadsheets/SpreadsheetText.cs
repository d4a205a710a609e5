namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>
/// Keeps user text from being taken for a formula when a cell is edited, exported to CSV or pasted elsewhere
/// (OWASP "CSV injection"): such text is stored with a leading apostrophe, which the reader removes again.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>
    /// Text a spreadsheet would execute (first character = + - @, or those after leading tabs, carriage returns,
    /// line feeds or spaces) gets a leading apostrophe so it stays text.
    /// </summary>
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsTrigger(FirstAfterBlanks(text, 0)) ? "'" + text : text;
    }

    /// <summary>
    /// The inverse for re-import: a leading apostrophe followed by = + - @ (possibly after the blanks that
    /// <see cref="Neutralise"/> looks through) is removed; anything else is unchanged.
    /// </summary>
    public static string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 1 && text[0] == '\'' && IsTrigger(FirstAfterBlanks(text, 1)) ? text[1..] : text;
    }

    private static char FirstAfterBlanks(string text, int start)
    {
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is not ('\t' or '\r' or '\n' or ' ')) return text[i];
        }

        return '\0';
    }

    private static bool IsTrigger(char c) => c is '=' or '+' or '-' or '@';
}
