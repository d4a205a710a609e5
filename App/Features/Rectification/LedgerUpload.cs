using System.Globalization;
using SchoolAssessment.Features.Documents.Spreadsheets;

namespace SchoolAssessment.Features.Rectification;

/// <summary>One ledger row as the school filled it in, checked and ready to apply.</summary>
public sealed record LedgerRowChange(RectificationLine Line, LineEdit Edit, RectificationStatus Status);

/// <summary>
/// Reads an edited ledger back: finds the columns by the key row the export wrote, checks every row and reports
/// each bad cell by row and column ("第7行 Q列(完成时限):…"). Applies nothing itself: all rows valid, or none applied.
/// </summary>
public static class LedgerUpload
{
    public static (IReadOnlyList<LedgerRowChange> Changes, IReadOnlyList<string> Errors) Read(Stream workbook, IReadOnlyList<RectificationLine> lines)
    {
        IReadOnlyList<SheetData> sheets;
        try
        {
            sheets = XlsxReader.Read(workbook);
        }
        catch (SpreadsheetFormatException e)
        {
            return ([], [e.Message]);
        }

        var sheet = sheets.FirstOrDefault(s => s.Name == LedgerWorkbook.LedgerSheet) ?? sheets.FirstOrDefault(s => !s.Hidden);
        var keyRow = sheet?.Rows.FirstOrDefault(r => r.Any(c => c.Value as string == LedgerWorkbook.ItemKey));
        if (sheet is null || keyRow is null)
            return ([], [$"没有找到“{LedgerWorkbook.LedgerSheet}”工作表的列标识行:请上传从本系统导出的台账,不要删除表头下方的标识行"]);

        var columns = keyRow.Where(c => c.Value is string).ToDictionary(c => (string)c.Value!, c => c.Column, StringComparer.Ordinal);
        var missing = LedgerWorkbook.Columns.Where(c => c.Key is { } k && Editable.ContainsKey(k) && !columns.ContainsKey(k)).Select(c => c.Header).ToList();
        if (!columns.ContainsKey(LedgerWorkbook.ItemKey) || !columns.ContainsKey(LedgerWorkbook.StampKey)) missing.Insert(0, "指标编号、版本");
        if (missing.Count > 0) return ([], [$"台账缺少列:{string.Join("、", missing)}"]);

        var byCode = lines.ToDictionary(l => l.ItemCode, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var changes = new List<LedgerRowChange>();
        var errors = new List<string>();
        foreach (var row in sheet.Rows.Where(r => r[0].Row > keyRow[0].Row))
        {
            var cells = row.ToDictionary(c => c.Column);
            object? Cell(string key) => columns.TryGetValue(key, out var column) && cells.TryGetValue(column, out var cell) ? cell.Value : null;
            string? Text(string key) => Cell(key) switch
            {
                null => null,
                string s => s,
                decimal d => d.ToString(CultureInfo.InvariantCulture),
                DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                var other => other.ToString(),
            };
            void Error(string key, string message)
            {
                var column = columns.GetValueOrDefault(key, 1);
                var header = LedgerWorkbook.Columns.FirstOrDefault(c => c.Key == key)?.Header ?? key;
                errors.Add($"第{row[0].Row}行 {XlsxReader.ColumnLetters(column)}列({header}):{message}");
            }

            var code = Text(LedgerWorkbook.ItemKey)?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                if (row.Any(c => c.Value is not null)) Error(LedgerWorkbook.ItemKey, "缺少指标编号,无法对应台账中的事项(新增事项请在系统中生成)");
                continue;
            }

            if (!byCode.TryGetValue(code, out var line)) { Error(LedgerWorkbook.ItemKey, $"台账中没有指标编号为 {code} 的事项"); continue; }
            if (!seen.Add(code)) { Error(LedgerWorkbook.ItemKey, $"指标编号 {code} 出现了不止一次"); continue; }
            if (Text(LedgerWorkbook.StampKey)?.Trim() != LedgerWorkbook.Version(line))
            {
                Error(LedgerWorkbook.StampKey, "此行导出后已在系统中被修改,为免覆盖他人的修改,请重新导出台账后再填写");
                continue;
            }

            var deadline = Cell("deadline") switch
            {
                DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                decimal => "?",
                var other => other as string,
            };
            var edit = new LineEdit(Text("category") ?? line.Category, Text("goal"), Text("measures"), Text("type"), Text("responsibleLeader"),
                Text("leadUnit"), Text("cooperatingUnits"), Text("personInCharge"), deadline, Text("progress"), Text("completionEvidence"), Text("remarks"));
            foreach (var error in RectificationService.Validate(edit)) Error(Editable.First(e => e.Value == error.Field).Key, error.Message[(error.Message.IndexOf('：') + 1)..]);

            var status = RectificationRules.ParseStatus(Text("status"));
            if (status is null) Error("status", "请填写未启动、推进中、已完成或已销号");
            // The same rules as the page: a step back needs its reason, written in the row's 备注 as a new remark.
            else if (RectificationRules.StatusChangeRefusal(line.Status, status.Value, Text("remarks") is { } remark && remark != line.Remarks ? remark : null) is { } refusal)
                Error("status", refusal == "状态回退时请写明原因" ? "状态回退时请在“备注”列写明原因" : refusal);
            else if (errors.Count == 0) changes.Add(new LedgerRowChange(line, edit, status.Value));
        }

        return errors.Count > 0 ? ([], errors) : (changes, []);
    }

    // Ledger column key → the field name Validate uses for it.
    private static readonly Dictionary<string, string> Editable = new(StringComparer.Ordinal)
    {
        ["category"] = "category", ["goal"] = "goal", ["measures"] = "measures", ["type"] = "type", ["responsibleLeader"] = "responsibleLeader",
        ["leadUnit"] = "leadUnit", ["cooperatingUnits"] = "cooperatingUnits", ["personInCharge"] = "personInCharge", ["deadline"] = "deadline",
        ["progress"] = "progress", ["completionEvidence"] = "completionEvidence", ["remarks"] = "remarks", ["status"] = "status",
    };
}
