using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OpenXmlSheetData = DocumentFormat.OpenXml.Spreadsheet.SheetData; // our SheetData is the reader's record

namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>
/// Writes print-ready .xlsx workbooks: a title, a frozen and repeated header, drop-downs and range checks on the
/// data columns, A4 fitted to one page wide. Sheet data is streamed with <see cref="OpenXmlWriter"/>, so rows are
/// enumerated once and never held as a DOM.
/// </summary>
public static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Excel's limits: rows per sheet, columns per sheet, characters per cell, characters of an inline list.</summary>
    internal const int MaxRows = 1_048_576;
    internal const int MaxColumns = 16_384;
    internal const int MaxCellText = 32_767;
    internal const int MaxInlineList = 255;

    private static readonly char[] ForbiddenInNames = ['[', ']', ':', '*', '?', '/', '\\'];

    public static void Write(Stream output, IReadOnlyList<SheetSpec> sheets)
    {
        ArgumentNullException.ThrowIfNull(output);
        Validate(sheets);

        // The packaging layer reads back what it wrote, so a forward-only stream gets a buffer in between.
        if (output.CanSeek && output.CanRead && output.CanWrite)
        {
            WriteWorkbook(output, sheets);
            return;
        }

        using var buffer = new MemoryStream();
        WriteWorkbook(buffer, sheets);
        buffer.Position = 0;
        buffer.CopyTo(output);
    }

    /// <summary>For an HTTP response body, which refuses synchronous writes: builds in memory, then copies asynchronously.</summary>
    public static async Task WriteAsync(Stream output, IReadOnlyList<SheetSpec> sheets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        Validate(sheets);
        using var buffer = new MemoryStream();
        WriteWorkbook(buffer, sheets);
        buffer.Position = 0;
        await buffer.CopyToAsync(output, cancellationToken);
    }

    public static byte[] ToBytes(IReadOnlyList<SheetSpec> sheets)
    {
        using var buffer = new MemoryStream();
        Write(buffer, sheets);
        return buffer.ToArray();
    }

    private static void Validate(IReadOnlyList<SheetSpec> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        if (sheets.Count == 0) throw new ArgumentException("A workbook needs at least one sheet.", nameof(sheets));

        // Excel compares sheet names without regard to case.
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sheet in sheets)
        {
            ArgumentNullException.ThrowIfNull(sheet, nameof(sheets));
            var name = sheet.Name ?? "";
            if (name.Length is 0 or > 31)
                throw new ArgumentException($"Sheet name \"{name}\" must be 1 to 31 characters long.", nameof(sheets));
            if (name.IndexOfAny(ForbiddenInNames) >= 0)
                throw new ArgumentException($"Sheet name \"{name}\" must not contain any of [ ] : * ? / \\.", nameof(sheets));
            if (name[0] == '\'' || name[^1] == '\'' || name.Any(char.IsControl))
                throw new ArgumentException($"Sheet name \"{name}\" must not begin or end with an apostrophe or contain control characters.", nameof(sheets));
            if (!seen.Add(name))
                throw new ArgumentException($"Sheet name \"{name}\" is used twice (Excel ignores case).", nameof(sheets));

            if (sheet.Columns is null || sheet.Columns.Count == 0)
                throw new ArgumentException($"Sheet \"{name}\" has no columns.", nameof(sheets));
            if (sheet.Columns.Count > MaxColumns)
                throw new ArgumentException($"Sheet \"{name}\" has more than {MaxColumns} columns.", nameof(sheets));
            if (sheet.ExtraValidatedRows < 0)
                throw new ArgumentException($"Sheet \"{name}\": ExtraValidatedRows must not be negative.", nameof(sheets));
            ArgumentNullException.ThrowIfNull(sheet.Rows, nameof(sheets));

            foreach (var column in sheet.Columns)
            {
                ArgumentNullException.ThrowIfNull(column, nameof(sheets));
                if (column.Header is null)
                    throw new ArgumentException($"Sheet \"{name}\" has a column without a header.", nameof(sheets));
                if (!(column.Width > 0 && column.Width <= 255))
                    throw new ArgumentException($"Sheet \"{name}\", column \"{column.Header}\": width must be above 0 and at most 255.", nameof(sheets));
                if (column.Min > column.Max)
                    throw new ArgumentException($"Sheet \"{name}\", column \"{column.Header}\": Min is above Max.", nameof(sheets));
            }
        }
    }

    private static void WriteWorkbook(Stream output, IReadOnlyList<SheetSpec> sheets)
    {
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        var styles = new XlsxStyles();
        var strings = new SharedStrings();
        var lists = new ChoiceLists(sheets.Select(s => s.Name));

        var sheetList = new Sheets();
        var definedNames = new DefinedNames();
        for (var i = 0; i < sheets.Count; i++)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            var layout = new SheetWriter(sheets[i], i == 0, styles, strings, lists).Write(part);
            sheetList.Append(new Sheet { Name = sheets[i].Name, SheetId = (uint)(i + 1), Id = workbookPart.GetIdOfPart(part) });

            var quoted = Quote(sheets[i].Name);
            // The header rows, and the frozen columns, repeat on every printed page.
            var titles = $"{quoted}!${layout.HeaderFirstRow}:${layout.HeaderLastRow}";
            if (sheets[i].FrozenColumns > 0)
                titles = $"{quoted}!$A:${XlsxReader.ColumnLetters(Math.Min(sheets[i].FrozenColumns, sheets[i].Columns.Count))},{titles}";
            definedNames.Append(new DefinedName(titles) { Name = "_xlnm.Print_Titles", LocalSheetId = (uint)i });
            if (layout.FilterRange is { } range)
                definedNames.Append(new DefinedName($"{quoted}!{range}") { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
        }

        if (lists.Count > 0)
        {
            var part = workbookPart.AddNewPart<WorksheetPart>();
            lists.Write(part, strings);
            sheetList.Append(new Sheet
            {
                Name = lists.SheetName, SheetId = (uint)(sheets.Count + 1), Id = workbookPart.GetIdOfPart(part), State = SheetStateValues.Hidden,
            });
        }

        // Formulas (小计, 合计) are computed again when the file opens, whatever value was written with them.
        workbookPart.Workbook = new Workbook(new BookViews(new WorkbookView { ActiveTab = 0 }), sheetList, definedNames,
            new CalculationProperties { CalculationId = 191029, FullCalculationOnLoad = true });
        workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = styles.ToStylesheet();
        strings.Write(workbookPart.AddNewPart<SharedStringTablePart>());
    }

    /// <summary>A sheet name as a formula refers to it: always quoted, apostrophes doubled.</summary>
    internal static string Quote(string sheetName) => "'" + sheetName.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>
    /// Text as a cell may hold it: characters XML 1.0 forbids are dropped, Excel's <c>_xHHHH_</c> escape is itself
    /// escaped so it reads back literally, and the length is capped at Excel's 32,767.
    /// </summary>
    internal static string CleanText(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (IsXmlUnsafe(c)) { clean = false; break; }
        }

        if (!clean)
        {
            var builder = new System.Text.StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(c).Append(text[++i]);
                }
                else if (!IsXmlUnsafe(c))
                {
                    builder.Append(c);
                }
            }

            text = builder.ToString();
        }

        if (text.Contains("_x", StringComparison.OrdinalIgnoreCase)) text = EscapeUnderscoreX(text);
        if (text.Length > MaxCellText) text = text[..(char.IsHighSurrogate(text[MaxCellText - 1]) ? MaxCellText - 1 : MaxCellText)];
        return text;
    }

    // Surrogates are unsafe alone; CleanText keeps the well-formed pairs.
    private static bool IsXmlUnsafe(char c) =>
        (c < 0x20 && c is not ('\t' or '\n' or '\r')) || c is '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);

    private static string EscapeUnderscoreX(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '_' && i + 6 < text.Length && text[i + 1] is 'x' or 'X' && text[i + 6] == '_'
                && char.IsAsciiHexDigit(text[i + 2]) && char.IsAsciiHexDigit(text[i + 3])
                && char.IsAsciiHexDigit(text[i + 4]) && char.IsAsciiHexDigit(text[i + 5]))
            {
                builder.Append("_x005F");
            }

            builder.Append(text[i]);
        }

        return builder.ToString();
    }

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Where a written sheet put its header rows and autofilter, for the workbook's defined names.</summary>
internal sealed record SheetLayout(int HeaderFirstRow, int HeaderLastRow, string? FilterRange);

/// <summary>The workbook's shared string table: each distinct text stored once.</summary>
internal sealed class SharedStrings
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _items = [];
    private int _references;

    public int Add(string text)
    {
        _references++;
        if (_index.TryGetValue(text, out var i)) return i;
        i = _items.Count;
        _items.Add(text);
        _index[text] = i;
        return i;
    }

    public void Write(SharedStringTablePart part)
    {
        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new SharedStringTable(),
            [new OpenXmlAttribute("count", "", _references.ToString(CultureInfo.InvariantCulture)),
             new OpenXmlAttribute("uniqueCount", "", _items.Count.ToString(CultureInfo.InvariantCulture))]);
        var item = new SharedStringItem();
        var text = new Text();
        OpenXmlAttribute[] preserve = [new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")];
        foreach (var s in _items)
        {
            writer.WriteStartElement(item);
            // Leading or trailing blanks and line breaks survive only with xml:space="preserve".
            if (s.Length > 0 && (char.IsWhiteSpace(s[0]) || char.IsWhiteSpace(s[^1]))) writer.WriteStartElement(text, preserve);
            else writer.WriteStartElement(text);
            writer.WriteString(s);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }
}

/// <summary>
/// Drop-down lists too long (or with commas) for an inline <c>"a,b,c"</c> formula: kept in columns of one hidden
/// sheet, which the validations reference.
/// </summary>
internal sealed class ChoiceLists
{
    private readonly List<IReadOnlyList<string>> _lists = [];

    public ChoiceLists(IEnumerable<string> takenNames)
    {
        var taken = new HashSet<string>(takenNames, StringComparer.OrdinalIgnoreCase);
        SheetName = "_lists";
        for (var n = 2; taken.Contains(SheetName); n++) SheetName = "_lists" + n.ToString(CultureInfo.InvariantCulture);
    }

    public string SheetName { get; }

    public int Count => _lists.Count;

    /// <summary>The validation formula for <paramref name="choices"/>: inline when it fits, else a range of the hidden sheet.</summary>
    public string Formula(IReadOnlyList<string> choices)
    {
        var clean = choices.Select(XlsxWriter.CleanText).ToList();
        if (!clean.Any(c => c.Contains(',')))
        {
            var inline = "\"" + string.Join(",", clean).Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            if (inline.Length <= XlsxWriter.MaxInlineList) return inline;
        }

        _lists.Add(clean);
        var column = XlsxReader.ColumnLetters(_lists.Count);
        return $"{XlsxWriter.Quote(SheetName)}!${column}$1:${column}${clean.Count}";
    }

    public void Write(WorksheetPart part, SharedStrings strings)
    {
        // Choices are written as they are, not neutralised: the drop-down offers exactly these values.
        var rows = new List<Row>();
        for (var r = 0; r < _lists.Max(l => l.Count); r++)
        {
            var row = new Row { RowIndex = (uint)(r + 1) };
            for (var c = 0; c < _lists.Count; c++)
            {
                if (r >= _lists[c].Count) continue;
                row.Append(new Cell
                {
                    CellReference = XlsxReader.Reference(r + 1, c + 1),
                    DataType = CellValues.SharedString,
                    CellValue = new CellValue(strings.Add(_lists[c][r]).ToString(CultureInfo.InvariantCulture)),
                });
            }

            rows.Add(row);
        }

        part.Worksheet = new Worksheet(new OpenXmlSheetData(rows));
    }
}
