using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>
/// The indicator collection sheet a supervisor sends to its schools: one row per school and year, one column per
/// indicator, with its unit and bounds in the header and as validation, and the values already entered.
/// </summary>
public static class IndicatorTemplate
{
    public const string SheetName = "指标数据";

    public const string SchoolKey = "schoolId", NameKey = "schoolName", YearKey = "year";

    public static readonly string[] YesNo = ["是", "否"];

    public sealed record Row(School School, int Year, IReadOnlyDictionary<string, IndicatorValue> Values);

    public static IReadOnlyList<SheetColumn> Columns(IndicatorCatalog catalog) =>
    [
        new SheetColumn("学校编号", 8, CellKind.Integer) { Key = SchoolKey },
        new SheetColumn("学校名称", 22, Wrap: true) { Key = NameKey },
        new SheetColumn("年度", 7, CellKind.Integer) { Key = YearKey, Min = 2000, Max = 2100 },
        .. Typed(catalog).Select(Column),
    ];

    /// <summary>The indicators a school types: derived ones are rolled up from its township schools, never typed.</summary>
    public static IEnumerable<Indicator> Typed(IndicatorCatalog catalog) => catalog.All.Where(i => !i.IsDerived);

    private static SheetColumn Column(Indicator indicator) => indicator.Type == IndicatorType.Boolean
        ? new SheetColumn($"{indicator.Name}(是/否)", 12, Wrap: true) { Key = indicator.Key, Choices = YesNo }
        : new SheetColumn(Header(indicator), 12, indicator.Type == IndicatorType.Integer ? CellKind.Integer : CellKind.Number, Wrap: true)
        {
            Key = indicator.Key, Min = indicator.Min, Max = indicator.Max,
        };

    /// <summary>"专职教师人数(人)[0–200]": what to type, in the header itself.</summary>
    public static string Header(Indicator indicator)
    {
        var unit = indicator.Unit is { Length: > 0 } u ? $"({u})" : "";
        var bounds = (indicator.Min, indicator.Max) switch
        {
            ({ } min, { } max) => $"[{NumberText.Of(min)}–{NumberText.Of(max)}]",
            ({ } min, null) => $"[≥{NumberText.Of(min)}]",
            (null, { } max) => $"[≤{NumberText.Of(max)}]",
            _ => "",
        };
        return $"{indicator.Name}{unit}{bounds}";
    }

    /// <param name="keysOf">The indicators the standards of a school's level use: the others are shaded in its row (a township
    /// school need not fill in county-only indicators). Null shades nothing.</param>
    public static SheetSpec Sheet(IndicatorCatalog catalog, IEnumerable<Row> rows, string title, Func<SchoolLevel, IReadOnlySet<string>>? keysOf = null)
    {
        var indicators = Typed(catalog).ToList(); // derived indicators are computed, never typed
        const int Leading = 3; // 学校编号, 学校名称, 年度
        IReadOnlySet<int>? Shaded(School school)
        {
            if (keysOf?.Invoke(school.Level) is not { Count: > 0 } used) return null;
            return indicators.Select((indicator, i) => (indicator, i)).Where(p => !used.Contains(p.indicator.Key)).Select(p => p.i + Leading).ToHashSet();
        }

        return new(SheetName, Columns(catalog), rows.Select(r => new SheetRow(
        [
            r.School.Id, r.School.Name, r.Year,
            .. indicators.Select(i => r.Values.TryGetValue(i.Key, out var v) ? v.Flag is { } f ? (f ? "是" : "否") : (object?)v.Number : null),
        ])
        { Shaded = Shaded(r.School) }))
        {
            Title = title,
            // The header is row 3 (after the title and these instructions); a hidden row under it holds the keys the import reads.
            Subtitle = "每行一所党校一个年度；空白单元格表示不修改已有数据；请勿改动第3行表头、学校编号和列的顺序。灰色单元格是该校所属层级的标准不使用的指标，无需填写。",
            ShowKeys = true,
            // On screen when the sheet opens: the title over the first columns, the school's number and name kept in view.
            BannerColumns = 10,
            FrozenColumns = 2,
            // 100-odd columns cannot be read on one page width: A3 landscape at full size, the school's columns on every page.
            FitOnePageWide = false,
            PaperSize = 8,
        };
    }
}
