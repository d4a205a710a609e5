using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using OpenXmlSheetData = DocumentFormat.OpenXml.Spreadsheet.SheetData; // our SheetData is the reader's record

namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>
/// Writes one worksheet part, element by element in the order the schema demands (views, columns, data,
/// filter, merges, validations, print settings), streaming the rows.
/// </summary>
internal sealed class SheetWriter
{
    private static readonly DateTime FirstExcelDate = new(1900, 3, 1); // before it, Excel's serials disagree with OLE's

    // Templates for OpenXmlWriter: only their names are used, so one instance serves every row and cell.
    private static readonly Row RowElement = new();
    private static readonly Cell CellElement = new();
    private static readonly CellValue ValueElement = new();
    private static readonly CellFormula FormulaElement = new();

    private readonly SheetSpec _spec;
    private readonly bool _selected;
    private readonly XlsxStyles _styles;
    private readonly SharedStrings _strings;
    private readonly ChoiceLists _lists;
    private readonly string[] _letters;
    private readonly string[,] _styleOf;     // [column, RowStyle]: the column's own format
    private readonly string[,] _dateStyleOf; // [column, RowStyle]: a date value in a column of another kind
    private readonly List<OpenXmlAttribute> _attributes = new(3);

    public SheetWriter(SheetSpec spec, bool selected, XlsxStyles styles, SharedStrings strings, ChoiceLists lists)
    {
        _spec = spec;
        _selected = selected;
        _styles = styles;
        _strings = strings;
        _lists = lists;
        var count = spec.Columns.Count;
        var rowStyles = Enum.GetValues<RowStyle>();
        _letters = new string[count];
        _styleOf = new string[count, rowStyles.Length];
        _dateStyleOf = new string[count, rowStyles.Length];
        for (var c = 0; c < count; c++)
        {
            var column = spec.Columns[c];
            _letters[c] = XlsxReader.ColumnLetters(c + 1);
            foreach (var style in rowStyles)
            {
                var unlocked = spec.Protect && column.Editable;
                _styleOf[c, (int)style] = Index(styles.Data(column.Kind, column.NumberFormat, style, column.Wrap, unlocked));
                _dateStyleOf[c, (int)style] = column.Kind == CellKind.Date
                    ? _styleOf[c, (int)style]
                    : Index(styles.Data(CellKind.Date, null, style, column.Wrap, unlocked));
            }
        }
    }

    public SheetLayout Write(WorksheetPart part)
    {
        var columns = _spec.Columns;
        var last = _letters[^1];
        var bannerLast = _letters[Math.Clamp(_spec.BannerColumns ?? columns.Count, 1, columns.Count) - 1];
        var row = 1;
        var titleRow = _spec.Title is null ? 0 : row++;
        var subtitleRow = _spec.Subtitle is null ? 0 : row++;
        var headerRow = row++;
        var keyRow = _spec.ShowKeys ? row++ : 0;
        var firstData = row;

        using var writer = OpenXmlWriter.Create(part);
        writer.WriteStartElement(new Worksheet());
        // fitToPage here is what makes Excel honour fitToWidth/fitToHeight in pageSetup.
        writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = _spec.FitOnePageWide }));
        var frozen = Math.Clamp(_spec.FrozenColumns, 0, columns.Count - 1);
        var topLeft = $"{_letters[frozen]}{firstData}";
        var pane = frozen > 0 ? PaneValues.BottomRight : PaneValues.BottomLeft;
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane
            {
                // The SDK's VerticalSplit is ySplit (rows frozen), HorizontalSplit xSplit (columns frozen).
                VerticalSplit = firstData - 1, HorizontalSplit = frozen > 0 ? frozen : null, TopLeftCell = topLeft, ActivePane = pane, State = PaneStateValues.Frozen,
            },
            new Selection { Pane = pane, ActiveCell = topLeft, SequenceOfReferences = new ListValue<StringValue> { InnerText = topLeft } })
        {
            TabSelected = _selected ? true : null, WorkbookViewId = 0,
        }));
        writer.WriteElement(new Columns(columns.Select((c, i) =>
            new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true, Hidden = c.Hidden ? true : null })));

        writer.WriteStartElement(new OpenXmlSheetData());
        if (titleRow > 0) WriteBanner(writer, titleRow, _spec.Title!, _styles.Title, XlsxStyles.TitleSize, 30);
        if (subtitleRow > 0) WriteBanner(writer, subtitleRow, _spec.Subtitle!, _styles.Subtitle, WrappedText.BodySize, 20);
        WriteHeader(writer, headerRow, columns.Select(c => c.Header).ToList(), Index(_styles.Header), wraps: true);
        if (keyRow > 0) WriteHeader(writer, keyRow, columns.Select(c => c.Key ?? "").ToList(), Index(_styles.KeyHeader), wraps: false, hidden: true);
        var lastData = firstData - 1;
        foreach (var data in _spec.Rows)
        {
            if (++lastData > XlsxWriter.MaxRows)
                throw new ArgumentException($"Sheet \"{_spec.Name}\" has more rows than Excel allows ({XlsxWriter.MaxRows}).");
            WriteData(writer, lastData, data);
        }

        writer.WriteEndElement();

        if (_spec.Protect)
        {
            // No password: the protection says which columns are read back, it does not guard a secret.
            writer.WriteElement(new SheetProtection
            {
                Sheet = true, Objects = true, Scenarios = true, FormatColumns = false, FormatRows = false, AutoFilter = false, Sort = false,
            });
        }

        // A filter on the header would sort the key row in with the data, so a sheet showing keys has none.
        string? filter = null;
        if (!_spec.ShowKeys)
        {
            filter = $"$A${headerRow}:${last}${Math.Max(lastData, headerRow)}";
            writer.WriteElement(new AutoFilter { Reference = $"A{headerRow}:{last}{Math.Max(lastData, headerRow)}" });
        }

        if (columns.Count > 1 && (titleRow > 0 || subtitleRow > 0))
        {
            var merges = new MergeCells();
            if (titleRow > 0) merges.Append(new MergeCell { Reference = $"A{titleRow}:{bannerLast}{titleRow}" });
            if (subtitleRow > 0) merges.Append(new MergeCell { Reference = $"A{subtitleRow}:{bannerLast}{subtitleRow}" });
            merges.Count = (uint)merges.ChildElements.Count;
            writer.WriteElement(merges);
        }

        var validatedTo = (int)Math.Min(XlsxWriter.MaxRows, (long)lastData + _spec.ExtraValidatedRows);
        if (validatedTo >= firstData && Validations(firstData, validatedTo) is { } validations) writer.WriteElement(validations);

        writer.WriteElement(new PrintOptions { HorizontalCentered = true });
        writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup
        {
            PaperSize = _spec.PaperSize,
            Orientation = _spec.Landscape ? OrientationValues.Landscape : OrientationValues.Portrait,
            FitToWidth = _spec.FitOnePageWide ? 1u : null,
            FitToHeight = _spec.FitOnePageWide ? 0u : null, // as many pages down as it takes
        });
        writer.WriteElement(new HeaderFooter(new OddFooter("&C第 &P 页，共 &N 页")));
        writer.WriteEndElement();
        return new SheetLayout(headerRow, keyRow > 0 ? keyRow : headerRow, filter);
    }

    /// <summary>A title line merged across the sheet: at least <paramref name="height"/> points, taller if it wraps.</summary>
    private void WriteBanner(OpenXmlWriter writer, int row, string text, uint style, double size, double height)
    {
        var lines = WrappedText.Lines(text, _spec.Columns.Take(_spec.BannerColumns ?? _spec.Columns.Count).Sum(c => c.Width), size);
        StartRow(writer, row, Math.Max(height, WrappedText.Height(lines, size) + 4));
        WriteText(writer, $"A{row}", Index(style), text);
        writer.WriteEndElement();
    }

    private void WriteHeader(OpenXmlWriter writer, int row, IReadOnlyList<string> texts, string style, bool wraps, bool hidden = false)
    {
        StartRow(writer, row, wraps ? WrappedText.RowHeight(_spec.Columns, c => texts[c], wrapAll: true) : null, custom: false, hidden);
        var c = 0;
        foreach (var text in texts) WriteText(writer, _letters[c++] + row.ToString(CultureInfo.InvariantCulture), style, text);
        writer.WriteEndElement();
    }

    private void WriteData(OpenXmlWriter writer, int row, SheetRow data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var cells = data.Cells ?? [];
        if (cells.Count > _letters.Length)
            throw new ArgumentException($"Sheet \"{_spec.Name}\", row {row}: {cells.Count} values for {_letters.Length} columns.");

        var style = (int)data.Style;
        var number = row.ToString(CultureInfo.InvariantCulture);
        var shaded = data.Shaded;
        StartRow(writer, row, WrappedText.RowHeight(_spec.Columns, c => c < cells.Count ? cells[c] as string : null), custom: false);
        // Every column gets a cell, empty ones too, so borders and the row's fill run the full width.
        for (var c = 0; c < _letters.Length; c++)
        {
            var reference = _letters[c] + number;
            var value = c < cells.Count ? cells[c] : null;
            if (shaded is not null && shaded.Contains(c))
            {
                WriteShaded(writer, reference, c, data.Style, value);
                continue;
            }

            switch (value)
            {
                case null:
                    WriteCell(writer, reference, _styleOf[c, style], null, null);
                    break;
                case string s:
                    WriteText(writer, reference, _styleOf[c, style], SpreadsheetText.Neutralise(XlsxWriter.CleanText(s)), clean: true);
                    break;
                case bool b:
                    WriteText(writer, reference, _styleOf[c, style], b ? "是" : "否", clean: true);
                    break;
                case SheetFormula formula:
                    WriteFormula(writer, reference, _styleOf[c, style], formula);
                    break;
                case decimal m:
                    WriteCell(writer, reference, _styleOf[c, style], null, XlsxWriter.Number(m));
                    break;
                case double or float:
                    var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    if (double.IsFinite(d)) WriteCell(writer, reference, _styleOf[c, style], null, XlsxWriter.Number(d));
                    else WriteText(writer, reference, _styleOf[c, style], d.ToString(CultureInfo.InvariantCulture), clean: true);
                    break;
                case int or long or short or byte or sbyte or ushort or uint or ulong:
                    WriteCell(writer, reference, _styleOf[c, style], null, ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                    break;
                case DateTime t:
                    WriteDate(writer, reference, c, style, t);
                    break;
                case DateOnly day:
                    WriteDate(writer, reference, c, style, day.ToDateTime(TimeOnly.MinValue));
                    break;
                case DateTimeOffset offset:
                    WriteDate(writer, reference, c, style, offset.DateTime);
                    break;
                case IFormattable formattable:
                    WriteText(writer, reference, _styleOf[c, style], formattable.ToString(null, CultureInfo.InvariantCulture));
                    break;
                default:
                    WriteText(writer, reference, _styleOf[c, style], value.ToString() ?? "");
                    break;
            }
        }

        writer.WriteEndElement();
    }

    private void WriteDate(OpenXmlWriter writer, string reference, int column, int style, DateTime value)
    {
        if (value < FirstExcelDate)
        {
            // Excel has no serial for it; readable text beats a wrong date.
            WriteText(writer, reference, _styleOf[column, style], value.ToString(value.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), clean: true);
            return;
        }

        WriteCell(writer, reference, _dateStyleOf[column, style], null, XlsxWriter.Number(value.ToOADate()));
    }

    private void WriteText(OpenXmlWriter writer, string reference, string style, string text, bool clean = false)
    {
        if (!clean) text = SpreadsheetText.Neutralise(XlsxWriter.CleanText(text));
        if (text.Length == 0)
        {
            WriteCell(writer, reference, style, null, null);
            return;
        }

        WriteCell(writer, reference, style, "s", _strings.Add(text).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A cell that does not apply to its row: grey, with its value (if any) as text or number.</summary>
    private void WriteShaded(OpenXmlWriter writer, string reference, int column, RowStyle style, object? value)
    {
        var spec = _spec.Columns[column];
        var grey = Index(_styles.Data(spec.Kind, spec.NumberFormat, style, spec.Wrap, _spec.Protect && spec.Editable, shaded: true));
        switch (value)
        {
            case null:
                WriteCell(writer, reference, grey, null, null);
                break;
            case decimal m:
                WriteCell(writer, reference, grey, null, XlsxWriter.Number(m));
                break;
            case int or long:
                WriteCell(writer, reference, grey, null, ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                WriteText(writer, reference, grey, value is bool b ? (b ? "是" : "否") : value.ToString() ?? "");
                break;
        }
    }

    private void WriteFormula(OpenXmlWriter writer, string reference, string style, SheetFormula formula)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", reference));
        if (style != "0") _attributes.Add(new OpenXmlAttribute("s", "", style));
        writer.WriteStartElement(CellElement, _attributes);
        writer.WriteStartElement(FormulaElement);
        writer.WriteString(formula.Expression);
        writer.WriteEndElement();
        if (formula.Value is { } value)
        {
            writer.WriteStartElement(ValueElement);
            writer.WriteString(XlsxWriter.Number(value));
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private void WriteCell(OpenXmlWriter writer, string reference, string style, string? type, string? value)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", reference));
        if (style != "0") _attributes.Add(new OpenXmlAttribute("s", "", style));
        if (type is not null) _attributes.Add(new OpenXmlAttribute("t", "", type));
        writer.WriteStartElement(CellElement, _attributes);
        if (value is not null)
        {
            writer.WriteStartElement(ValueElement);
            writer.WriteString(value);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    /// <param name="custom">A height set by us for good; otherwise an estimate that Excel and WPS refit on opening (<see cref="WrappedText"/>).</param>
    private void StartRow(OpenXmlWriter writer, int row, double? height, bool custom = true, bool hidden = false)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", "", row.ToString(CultureInfo.InvariantCulture)));
        if (hidden) _attributes.Add(new OpenXmlAttribute("hidden", "", "1"));
        if (height is { } h)
        {
            _attributes.Add(new OpenXmlAttribute("ht", "", XlsxWriter.Number(h)));
            if (custom) _attributes.Add(new OpenXmlAttribute("customHeight", "", "1"));
        }

        writer.WriteStartElement(RowElement, _attributes);
    }

    private DataValidations? Validations(int firstRow, int lastRow)
    {
        var validations = new DataValidations();
        for (var c = 0; c < _spec.Columns.Count; c++)
        {
            var column = _spec.Columns[c];
            var range = $"{_letters[c]}{firstRow}:{_letters[c]}{lastRow}";
            var name = ColumnName(column);
            if (column.Choices is { Count: > 0 } choices)
            {
                validations.Append(new DataValidation
                {
                    Type = DataValidationValues.List,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = "输入有误",
                    Error = Limit($"「{name}」只能从下拉列表中选择:{string.Join("、", choices)}"),
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
                    Formula1 = new Formula1(_lists.Formula(choices)),
                });
            }

            if (column.AtMostColumn is { } limit)
            {
                // Per row: at least 0 and at most the limit column's value in the same row (得分 ≤ 分值).
                var first = $"{_letters[c]}{firstRow}";
                var bound = $"${_letters[limit]}{firstRow}";
                validations.Append(new DataValidation
                {
                    Type = DataValidationValues.Custom,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = "输入有误",
                    Error = Limit($"「{name}」须为 0 到该项「{ColumnName(_spec.Columns[limit])}」之间的数字"),
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
                    Formula1 = new Formula1($"AND(ISNUMBER({first}),{first}>=0,{first}<={bound})"),
                });
            }
            else if (column.Min is not null || column.Max is not null)
            {
                // Whole-number validation for an integer column, as long as its bounds are whole too.
                var whole = column.Kind == CellKind.Integer && IsWhole(column.Min) && IsWhole(column.Max);
                var what = whole ? "整数" : "数字";
                var (op, message) = (column.Min, column.Max) switch
                {
                    ({ } min, { } max) => (DataValidationOperatorValues.Between, $"「{name}」须为 {XlsxWriter.Number(min)} 到 {XlsxWriter.Number(max)} 之间的{what}"),
                    ({ } min, null) => (DataValidationOperatorValues.GreaterThanOrEqual, $"「{name}」须为不小于 {XlsxWriter.Number(min)} 的{what}"),
                    (null, { } max) => (DataValidationOperatorValues.LessThanOrEqual, $"「{name}」须为不大于 {XlsxWriter.Number(max)} 的{what}"),
                    _ => throw new InvalidOperationException(),
                };
                var validation = new DataValidation
                {
                    Type = whole ? DataValidationValues.Whole : DataValidationValues.Decimal,
                    Operator = op,
                    AllowBlank = true,
                    ShowErrorMessage = true,
                    ErrorTitle = "输入有误",
                    Error = Limit(message),
                    SequenceOfReferences = new ListValue<StringValue> { InnerText = range },
                    Formula1 = new Formula1(XlsxWriter.Number(column.Min ?? column.Max!.Value)),
                };
                if (column.Min is not null && column.Max is not null) validation.Formula2 = new Formula2(XlsxWriter.Number(column.Max.Value));
                validations.Append(validation);
            }
        }

        if (!validations.HasChildren) return null;
        validations.Count = (uint)validations.ChildElements.Count;
        return validations;
    }

    private static bool IsWhole(decimal? value) => value is null || value == decimal.Truncate(value.Value);

    private static string ColumnName(SheetColumn column) =>
        XlsxWriter.CleanText(column.Header).ReplaceLineEndings(" ").Trim();

    // Excel refuses a validation message over 255 characters.
    private static string Limit(string message)
    {
        message = XlsxWriter.CleanText(message);
        return message.Length <= 255 ? message : message[..254] + "…";
    }

    private static string Index(uint style) => style.ToString(CultureInfo.InvariantCulture);
}
