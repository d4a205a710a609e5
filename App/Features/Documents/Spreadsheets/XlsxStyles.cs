using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace SchoolAssessment.Features.Documents.Spreadsheets;

/// <summary>
/// The workbook's cell formats, registered as the sheets need them and deduplicated, so each distinct
/// look (kind × row style × wrap) is one <c>cellXfs</c> entry however many cells use it.
/// </summary>
internal sealed class XlsxStyles
{
    // 宋体 is on every Chinese Windows and prints cleanly; charset 134 (GB2312) lets Excel pick it for CJK text.
    private const string FontName = "宋体";
    private const string Grey = "FF808080";
    private const string HeaderFill = "FFD9D9D9";
    internal const string HighlightFill = "FFF8D7DA";

    internal const string DefaultNumberFormat = "0.00";  // "0.##" would leave a bare point on whole numbers ("12.")
    internal const string DefaultIntegerFormat = "0";
    internal const string DefaultDateFormat = "yyyy-mm-dd";

    private readonly record struct FontDef(bool Bold, double Size, string? Color);
    private readonly record struct XfDef(int Font, int Fill, bool Border, int NumFmt, HorizontalAlignmentValues? Horizontal, bool Centre, bool Wrap, bool Unlocked = false);

    private readonly List<FontDef> _fonts = [new(false, 11, null)];
    internal const string ShadedFill = "FFEDEDED";

    private readonly List<string?> _fills = [null, "gray125", HeaderFill, HighlightFill, ShadedFill]; // Excel requires the first two
    private readonly Dictionary<string, uint> _numFmts = new(StringComparer.Ordinal);
    private readonly List<XfDef> _xfs = [new(0, 0, false, 0, null, false, false)];
    private readonly Dictionary<XfDef, uint> _xfIndex = [];

    // Built-in formats need no numFmt entry and every Excel knows them.
    private static readonly Dictionary<string, uint> BuiltIn = new(StringComparer.Ordinal)
    {
        ["General"] = 0, ["0"] = 1, ["0.00"] = 2, ["#,##0"] = 3, ["#,##0.00"] = 4, ["@"] = 49,
    };

    public XlsxStyles() => _xfIndex[_xfs[0]] = 0;

    public const double TitleSize = 16;

    public uint Title => Xf(new(Font(true, TitleSize, null), 0, false, 0, HorizontalAlignmentValues.Center, true, true));

    public uint Subtitle => Xf(new(Font(false, 11, null), 0, false, 0, HorizontalAlignmentValues.Center, true, true));

    public uint Header => Xf(new(Font(true, 11, null), 2, true, 0, HorizontalAlignmentValues.Center, true, true));

    public uint KeyHeader => Xf(new(Font(false, 9, Grey), 0, true, 0, HorizontalAlignmentValues.Center, true, false));

    /// <summary>A data cell of a column: <paramref name="kind"/> picks the format and alignment, the row style the font and fill.</summary>
    /// <param name="unlocked">The cell stays editable when the sheet is protected.</param>
    /// <param name="shaded">A field that does not apply to the row: light grey.</param>
    public uint Data(CellKind kind, string? numberFormat, RowStyle style, bool wrap, bool unlocked = false, bool shaded = false)
    {
        var format = kind switch
        {
            CellKind.Number => numberFormat ?? DefaultNumberFormat,
            CellKind.Integer => numberFormat ?? DefaultIntegerFormat,
            CellKind.Date => numberFormat ?? DefaultDateFormat,
            _ => numberFormat ?? "General",
        };
        var font = style switch
        {
            RowStyle.Muted => Font(false, 11, Grey),
            RowStyle.Bold => Font(true, 11, null),
            _ => 0,
        };
        var horizontal = kind switch
        {
            CellKind.Number or CellKind.Integer => HorizontalAlignmentValues.Right,
            CellKind.Date => HorizontalAlignmentValues.Center,
            _ => (HorizontalAlignmentValues?)null,
        };
        return Xf(new(font, shaded ? 4 : style == RowStyle.Highlight ? 3 : 0, true, (int)NumFmt(format), horizontal, false, wrap, unlocked));
    }

    private int Font(bool bold, double size, string? color)
    {
        var def = new FontDef(bold, size, color);
        var i = _fonts.IndexOf(def);
        if (i >= 0) return i;
        _fonts.Add(def);
        return _fonts.Count - 1;
    }

    private uint NumFmt(string format)
    {
        if (BuiltIn.TryGetValue(format, out var id) || _numFmts.TryGetValue(format, out id)) return id;
        id = 164 + (uint)_numFmts.Count; // 164 is the first id Excel leaves to workbooks
        _numFmts[format] = id;
        return id;
    }

    private uint Xf(XfDef def)
    {
        if (_xfIndex.TryGetValue(def, out var index)) return index;
        index = (uint)_xfs.Count;
        _xfs.Add(def);
        _xfIndex[def] = index;
        return index;
    }

    public Stylesheet ToStylesheet()
    {
        var sheet = new Stylesheet();
        if (_numFmts.Count > 0)
        {
            sheet.Append(new NumberingFormats(_numFmts.Select(f => new NumberingFormat { NumberFormatId = f.Value, FormatCode = f.Key }))
                { Count = (uint)_numFmts.Count });
        }

        sheet.Append(new Fonts(_fonts.Select(ToFont)) { Count = (uint)_fonts.Count });
        sheet.Append(new Fills(_fills.Select(ToFill)) { Count = (uint)_fills.Count });
        sheet.Append(new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()),
            new Border(Thin<LeftBorder>(), Thin<RightBorder>(), Thin<TopBorder>(), Thin<BottomBorder>(), new DiagonalBorder())) { Count = 2 });
        sheet.Append(new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 });
        sheet.Append(new CellFormats(_xfs.Select(ToCellFormat)) { Count = (uint)_xfs.Count });
        sheet.Append(new CellStyles(new CellStyle { Name = "常规", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
        return sheet;
    }

    private static Font ToFont(FontDef def)
    {
        var font = new Font();
        if (def.Bold) font.Append(new Bold());
        font.Append(new FontSize { Val = def.Size });
        font.Append(def.Color is null ? new Color { Theme = 1 } : new Color { Rgb = def.Color });
        font.Append(new FontName { Val = FontName });
        font.Append(new FontFamilyNumbering { Val = 3 });
        font.Append(new FontCharSet { Val = 134 });
        return font;
    }

    private static Fill ToFill(string? fill) => fill switch
    {
        null => new Fill(new PatternFill { PatternType = PatternValues.None }),
        "gray125" => new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
        _ => new Fill(new PatternFill(new ForegroundColor { Rgb = fill }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }),
    };

    private static T Thin<T>() where T : BorderPropertiesType, new() =>
        new() { Style = BorderStyleValues.Thin, Color = new Color { Indexed = 64 } };

    private static CellFormat ToCellFormat(XfDef def)
    {
        var xf = new CellFormat
        {
            NumberFormatId = (uint)def.NumFmt, FontId = (uint)def.Font, FillId = (uint)def.Fill, BorderId = def.Border ? 1u : 0u, FormatId = 0,
        };
        if (def.NumFmt != 0) xf.ApplyNumberFormat = true;
        if (def.Font != 0) xf.ApplyFont = true;
        if (def.Fill != 0) xf.ApplyFill = true;
        if (def.Border) xf.ApplyBorder = true;
        if (def == default) return xf;
        xf.ApplyAlignment = true;
        xf.Append(new Alignment
        {
            Horizontal = def.Horizontal is { } h ? new EnumValue<HorizontalAlignmentValues>(h) : null,
            Vertical = def.Centre ? VerticalAlignmentValues.Center : VerticalAlignmentValues.Top,
            WrapText = def.Wrap ? new BooleanValue(true) : null,
        });
        if (def.Unlocked)
        {
            xf.ApplyProtection = true;
            xf.Append(new Protection { Locked = false });
        }

        return xf;
    }
}
