using System.Globalization;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>One school's year as read from the sheet: only the cells that were filled in.</summary>
public sealed record ImportRow(int SheetRow, int SchoolId, int Year, IReadOnlyDictionary<string, IndicatorValue> Values);

/// <summary>
/// Checks a filled-in indicator sheet: every cell against its indicator's type and bounds, every school against
/// who is importing. Each problem is reported by row and column; the caller applies the rows only if there is none.
/// </summary>
public static class IndicatorImport
{
    /// <summary>Enough to fix a file in one go without drowning the page.</summary>
    public const int MaxReported = 200;

    public static (IReadOnlyList<ImportRow> Rows, IReadOnlyList<string> Errors) Check(
        IReadOnlyList<SheetData> sheets, IndicatorCatalog catalog, Func<int, bool> mayEnter, Action<int, int>? progress = null)
    {
        var sheet = sheets.FirstOrDefault(s => s.Name == IndicatorTemplate.SheetName) ?? sheets.FirstOrDefault(s => !s.Hidden);
        var keyRow = sheet?.Rows.FirstOrDefault(r => r.Any(c => c.Value as string == IndicatorTemplate.SchoolKey));
        if (sheet is null || keyRow is null)
            return ([], ["没有找到指标标识行:请使用本系统下载的指标模板,不要删除表头下方的标识行"]);

        var columns = new Dictionary<int, string>();
        var errors = new List<string>();
        foreach (var cell in keyRow.Where(c => c.Value is string))
        {
            var key = (string)cell.Value!;
            if (key is IndicatorTemplate.SchoolKey or IndicatorTemplate.NameKey or IndicatorTemplate.YearKey || catalog.Find(key) is not null) columns[cell.Column] = key;
            else errors.Add($"{XlsxReader.ColumnLetters(cell.Column)}列:未知指标标识 {key}");
        }

        if (!columns.ContainsValue(IndicatorTemplate.YearKey)) errors.Add("缺少“年度”列");
        var data = sheet.Rows.Where(r => r[0].Row > keyRow[0].Row).ToList();
        var rows = new List<ImportRow>(data.Count);
        var seen = new Dictionary<(int, int), int>();
        for (var i = 0; i < data.Count; i++)
        {
            var row = CheckRow(data[i], columns, catalog, mayEnter, errors, seen);
            if (row is not null) rows.Add(row);
            progress?.Invoke(i + 1, data.Count);
        }

        if (data.Count == 0) errors.Add("模板中没有数据行");
        if (errors.Count > MaxReported) errors = [.. errors.Take(MaxReported), $"……另有 {errors.Count - MaxReported} 处错误未列出"];
        return errors.Count > 0 ? ([], errors) : (rows, []);
    }

    private static ImportRow? CheckRow(IReadOnlyList<SheetCell> cells, Dictionary<int, string> columns, IndicatorCatalog catalog, Func<int, bool> mayEnter,
        List<string> errors, Dictionary<(int, int), int> seen)
    {
        var rowNumber = cells[0].Row;
        var before = errors.Count;
        void Error(SheetCell cell, string what, string message) => errors.Add($"第{rowNumber}行 {XlsxReader.ColumnLetters(cell.Column)}列({what}):{message}");

        int? schoolId = null, year = null;
        var values = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var cell in cells.Where(c => c.Value is not null && columns.ContainsKey(c.Column)))
        {
            var key = columns[cell.Column];
            switch (key)
            {
                case IndicatorTemplate.NameKey:
                    break;
                case IndicatorTemplate.SchoolKey:
                    schoolId = WholeNumber(cell.Value);
                    if (schoolId is null) Error(cell, "学校编号", "应为整数");
                    else if (!mayEnter(schoolId.Value)) Error(cell, "学校编号", $"编号 {schoolId} 的党校不存在或您无权填报其数据");
                    break;
                case IndicatorTemplate.YearKey:
                    year = WholeNumber(cell.Value);
                    if (year is not (>= 2000 and <= 2100)) { Error(cell, "年度", "应为 2000–2100 之间的年份"); year = null; }
                    break;
                default:
                    var indicator = catalog[key];
                    if (indicator.IsDerived)
                    {
                        Error(cell, indicator.Name, "由下级党校结果汇总，不能填报");
                        break;
                    }

                    var (value, message) = Parse(indicator, cell.Value);
                    if (message is not null) Error(cell, indicator.Name, message);
                    else values[key] = value!.Value;
                    break;
            }
        }

        // Values that contradict each other within the row (a part above its whole) are refused like any bad value.
        foreach (var breach in SchoolDataValidator.BrokenRelations(catalog, values))
            errors.Add($"第{rowNumber}行：{breach.Message}");

        if (schoolId is null && errors.Count == before) errors.Add($"第{rowNumber}行:缺少学校编号");
        if (year is null && errors.Count == before) errors.Add($"第{rowNumber}行:缺少年度");
        if (schoolId is { } s && year is { } y && !seen.TryAdd((s, y), rowNumber))
            errors.Add($"第{rowNumber}行:学校编号 {s} 的 {y} 年数据与第{seen[(s, y)]}行重复");
        return errors.Count == before ? new ImportRow(rowNumber, schoolId!.Value, year!.Value, values) : null;
    }

    private static int? WholeNumber(object? value) => value switch
    {
        decimal d when d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        string s when int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };

    /// <summary>A cell as the indicator's value: 是/否 for yes/no, a number within bounds otherwise.</summary>
    public static (IndicatorValue? Value, string? Error) Parse(Indicator indicator, object? cell)
    {
        if (indicator.Type == IndicatorType.Boolean)
        {
            return cell switch
            {
                bool b => (IndicatorValue.Of(b), null),
                string s when s.Trim() is "是" or "有" or "true" or "TRUE" => (IndicatorValue.Of(true), null),
                string s when s.Trim() is "否" or "无" or "false" or "FALSE" => (IndicatorValue.Of(false), null),
                _ => (null, "应填“是”或“否”"),
            };
        }

        decimal? number = cell switch
        {
            decimal d => d,
            string s when NumberText.TryParse(s, out var d) => d,
            _ => null,
        };
        if (number is null && cell is string typed && (typed.Contains(',') || typed.Contains('，'))) return (null, NumberText.Refusal(typed));
        if (number is not { } n) return (null, $"应为数值{(indicator.Unit is { Length: > 0 } u ? $"(单位:{u})" : "")}");
        if (indicator.Type == IndicatorType.Integer && n != decimal.Truncate(n)) return (null, "应为整数");
        if (decimal.Round(n, ScaledDecimalConverter.Decimals) != n) return (null, $"最多保留{ScaledDecimalConverter.Decimals}位小数");
        var value = IndicatorValue.Of(n);
        return SchoolDataValidator.Check(indicator, value) is { } error ? (null, error) : (value, null);
    }
}
