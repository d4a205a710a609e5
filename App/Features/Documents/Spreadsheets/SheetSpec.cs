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
}

/// <summary>Highlight = light red fill (overdue lines), Muted = grey text, Bold = subtotal.</summary>
public enum RowStyle { Normal, Highlight, Muted, Bold }

/// <summary>
/// One data row. Cells are string, decimal/int/long/double (and other numbers), DateOnly/DateTime, bool or null,
/// in column order; fewer cells than columns leave the rest empty.
/// </summary>
public sealed record SheetRow(IReadOnlyList<object?> Cells, RowStyle Style = RowStyle.Normal);

/// <summary>One worksheet. <see cref="Rows"/> is enumerated once, while writing, so it may be a lazy query.</summary>
public sealed record SheetSpec(string Name, IReadOnlyList<SheetColumn> Columns, IEnumerable<SheetRow> Rows)
{
    /// <summary>Row 1, merged across all columns, bold and larger, centred.</summary>
    public string? Title { get; init; }

    /// <summary>The next row, merged, e.g. school and date.</summary>
    public string? Subtitle { get; init; }

    /// <summary>A second header row with each column's <see cref="SheetColumn.Key"/> (small grey font), for re-import.</summary>
    public bool ShowKeys { get; init; }

    public bool Landscape { get; init; } = true;

    /// <summary>Drop-downs and validation also cover this many empty rows below the data, for rows the user adds.</summary>
    public int ExtraValidatedRows { get; init; } = 200;
}
