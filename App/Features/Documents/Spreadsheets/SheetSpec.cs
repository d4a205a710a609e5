namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>How a column's values are shown: the number format and alignment of its cells.</summary>
public enum CellKind { Text, Number, Integer, Date }

/// <summary>One column: header text, width in Excel character units, how values are written.</summary>
public sealed record SheetColumn(string Header, double Width, CellKind Kind = CellKind.Text, bool Wrap = false)
{
    /// <summary>A drop-down list (list validation) on the column's data cells.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Numeric validation (between / at least / at most) with a Chinese error message naming the column.</summary>
    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    /// <summary>Machine key written in a second header row when the sheet shows keys, for re-import.</summary>
    public string? Key { get; init; }

    /// <summary>An Excel number format such as "0.00"; by default Number "0.00", Integer "0", Date "yyyy-mm-dd".</summary>
    public string? NumberFormat { get; init; }

    /// <summary>The column's cells stay editable on a protected sheet (<see cref="SheetSpec.Protect"/>).</summary>
    public bool Editable { get; init; }

    /// <summary>Hidden on screen and in print, still read by an upload (e.g. a line's version).</summary>
    public bool Hidden { get; init; }

    /// <summary>A number at least 0 and at most the value of this (0-based) column in the same row, e.g. 得分 ≤ 分值.</summary>
    public int? AtMostColumn { get; init; }
}

/// <summary>A cell computed by Excel: <see cref="Expression"/> without the leading "=", and its value as written (shown until recalculated).</summary>
public sealed record SheetFormula(string Expression, decimal? Value = null);

/// <summary>Highlight = light red fill (overdue lines), Muted = grey text, Bold = subtotal.</summary>
public enum RowStyle { Normal, Highlight, Muted, Bold }

/// <summary>
/// One data row. Cells are string, decimal/int/long/double (and other numbers), DateOnly/DateTime, bool or null,
/// in column order; fewer cells than columns leave the rest empty.
/// </summary>
public sealed record SheetRow(IReadOnlyList<object?> Cells, RowStyle Style = RowStyle.Normal)
{
    /// <summary>Columns (0-based) shaded grey in this row: fields that do not apply to it (a township school's county-only indicators).</summary>
    public IReadOnlySet<int>? Shaded { get; init; }
}

/// <summary>One worksheet. <see cref="Rows"/> is enumerated once, while writing, so it may be a lazy query.</summary>
public sealed record SheetSpec(string Name, IReadOnlyList<SheetColumn> Columns, IEnumerable<SheetRow> Rows)
{
    /// <summary>Row 1, merged across all columns, bold and larger, centred.</summary>
    public string? Title { get; init; }

    /// <summary>The next row, merged, e.g. school and date.</summary>
    public string? Subtitle { get; init; }

    /// <summary>A second header row with each column's <see cref="SheetColumn.Key"/>, for re-import: hidden, so it is neither seen nor printed.</summary>
    public bool ShowKeys { get; init; }

    public bool Landscape { get; init; } = true;

    /// <summary>The title and subtitle are merged across this many columns at most, so they are on screen when the sheet opens.</summary>
    public int? BannerColumns { get; init; }

    /// <summary>Columns kept in view when scrolling right, and repeated on every printed page.</summary>
    public int FrozenColumns { get; init; }

    /// <summary>Printed one page wide (the default), or at full size over as many pages across as it takes.</summary>
    public bool FitOnePageWide { get; init; } = true;

    /// <summary>Excel's paper size: 9 = A4, 8 = A3.</summary>
    public uint PaperSize { get; init; } = 9;

    /// <summary>Sheet protection without a password: only <see cref="SheetColumn.Editable"/> columns take input, so nothing typed is silently dropped.</summary>
    public bool Protect { get; init; }

    /// <summary>The row of the first data row (1-based), for formulas that refer to rows.</summary>
    public int FirstDataRow => (Title is null ? 0 : 1) + (Subtitle is null ? 0 : 1) + 1 + (ShowKeys ? 1 : 0) + 1;

    /// <summary>Drop-downs and validation also cover this many empty rows below the data, for rows the user adds.</summary>
    public int ExtraValidatedRows { get; init; } = 200;
}
