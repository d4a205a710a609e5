using System.Globalization;
using System.Text;

namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>
/// How tall a row of wrapped text needs to be. Excel and WPS fit a row to its wrapped text when they open the file,
/// but LibreOffice keeps the stored height, one line unless told: the writer stores this estimate without marking
/// it custom, so the first two still fit the row themselves and LibreOffice shows every line.
/// </summary>
internal static class WrappedText
{
    /// <summary>The font size of the data cells, in points.</summary>
    public const double BodySize = 11;

    // A column's width is counted in widths of "0" of the 11 pt body font. A Chinese character takes two in 宋体,
    // and more in the fonts LibreOffice puts in its place: the estimate errs on the generous side.
    private const double WideUnits = 2.3;
    private const double Margin = 1;

    /// <summary>The lines <paramref name="text"/> takes, set in <paramref name="size"/> pt, in <paramref name="width"/> character units.</summary>
    public static int Lines(string text, double width, double size = BodySize)
    {
        var usable = Math.Max(1, width - Margin);
        var scale = size / BodySize;
        var lines = 0;
        foreach (var paragraph in text.Split('\n'))
        {
            var units = 0.0;
            foreach (var rune in paragraph.EnumerateRunes()) units += Units(rune) * scale;
            lines += Math.Max(1, (int)Math.Ceiling(units / usable));
        }

        return lines;
    }

    /// <summary>
    /// The height in points of <paramref name="lines"/> lines of <paramref name="size"/> pt text. 宋体 needs 1.3 times
    /// its size a line (Excel's 14.25 pt default row); the CJK fonts LibreOffice falls back on need about 1.45.
    /// </summary>
    public static double Height(int lines, double size = BodySize) => Math.Round(lines * size * 1.45 * 4, MidpointRounding.AwayFromZero) / 4;

    /// <summary>The row's height in points when any of its wrapped cells takes more than one line; otherwise null (the default).</summary>
    public static double? RowHeight(IReadOnlyList<SheetColumn> columns, Func<int, string?> textOf, bool wrapAll = false)
    {
        var most = 1;
        for (var c = 0; c < columns.Count; c++)
        {
            // A hidden column is never seen: it does not make the row taller.
            if ((wrapAll || columns[c].Wrap) && !columns[c].Hidden && textOf(c) is { Length: > 0 } text)
                most = Math.Max(most, Lines(text, columns[c].Width));
        }

        return most > 1 ? Height(most) : null;
    }

    private static double Units(Rune rune) =>
        rune.Value < 0x1100 ? 1
        : CharUnicodeInfo.GetUnicodeCategory(rune.Value) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark ? 0
        : WideUnits;
}
