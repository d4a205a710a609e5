using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SchoolAssessment.Features.Documents.Spreadsheets;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Workbooks the spreadsheet tests write, and ways to look inside them with the Open XML SDK.</summary>
internal static class SpreadsheetSamples
{
    public static readonly string[] Statuses = ["达标", "部分达标", "未达标"];

    public static readonly SheetColumn[] LedgerColumns =
    [
        new("序号", 6, CellKind.Integer),
        new("指标", 30, Wrap: true) { Key = "indicator" },
        new("得分", 10, CellKind.Number) { Min = 0, Max = 10, Key = "score" },
        new("状态", 12) { Choices = Statuses, Key = "status" },
        new("截止日期", 12.5, CellKind.Date) { Key = "due" },
        new("备注", 20) { Key = "note" },
    ];

    public static SheetSpec Ledger(IEnumerable<SheetRow>? rows = null) => new("考核台账", LedgerColumns, rows ??
    [
        new([1, "领导班子建设", 9.5m, "达标", new DateOnly(2024, 3, 31), null]),
        new([2, "师资队伍", 4.25m, "未达标", new DateOnly(2024, 1, 15), "逾期"], RowStyle.Highlight),
        new([null, "小计", 13.75m, null, null, null], RowStyle.Bold),
    ])
    {
        Title = "2024年度办学质量考核台账",
        Subtitle = "某某市委党校 · 2024-05-01",
    };

    public static IEnumerable<SheetRow> LargeRows(int count)
    {
        var start = new DateOnly(2024, 1, 1);
        for (var i = 1; i <= count; i++)
        {
            yield return new SheetRow(
            [
                i, $"指标 {i}:教学科研与干部培训工作", i % 11 + 0.25m, Statuses[i % 3], start.AddDays(i % 365),
                $"说明 {i}", i * 1.5, i % 4 == 0, "负责人" + i, (long)i * 1000, $"第{i}项", i % 7,
                new DateTime(2024, 6, 1).AddHours(i), "=SUM(A1)", -i, i % 2 == 0 ? null : "备注", 0.1 * i,
            ], i % 10 == 0 ? RowStyle.Highlight : i % 25 == 0 ? RowStyle.Bold : RowStyle.Normal);
        }
    }

    public static readonly SheetColumn[] LargeColumns =
    [
        new("序号", 6, CellKind.Integer), new("指标", 30, Wrap: true), new("得分", 8, CellKind.Number) { Min = 0, Max = 20 },
        new("状态", 10) { Choices = Statuses }, new("截止", 12, CellKind.Date), new("说明", 20, Wrap: true),
        new("系数", 8, CellKind.Number) { NumberFormat = "0.0" }, new("完成", 6), new("负责人", 10), new("经费", 10, CellKind.Integer),
        new("项目", 10), new("周次", 6, CellKind.Integer) { Min = 0, Max = 52 }, new("时间", 16, CellKind.Date) { NumberFormat = "yyyy-mm-dd hh:mm" },
        new("公式文本", 12), new("差额", 8, CellKind.Number), new("备注", 12), new("比例", 8, CellKind.Number),
    ];

    public static SheetSpec Large(int count) => new("明细", LargeColumns, LargeRows(count)) { Title = "考核明细" };

    public static SpreadsheetDocument Open(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes), false);

    public static Worksheet Sheet(SpreadsheetDocument document, string name)
    {
        var workbook = document.WorkbookPart!;
        var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        return ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
    }

    public static Cell Cell(Worksheet sheet, string reference) =>
        sheet.Descendants<Cell>().Single(c => c.CellReference == reference);

    public static CellFormat Format(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)(cell.StyleIndex?.Value ?? 0));

    /// <summary>The number format code a cell shows with, built-in ones spelled out.</summary>
    public static string NumberFormat(SpreadsheetDocument document, Cell cell)
    {
        var id = Format(document, cell).NumberFormatId?.Value ?? 0;
        var custom = document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.NumberingFormats?.Elements<NumberingFormat>()
            .FirstOrDefault(f => f.NumberFormatId?.Value == id);
        return custom?.FormatCode?.Value ?? id switch { 0 => "General", 1 => "0", 2 => "0.00", 14 => "m/d/yyyy", _ => $"#{id}" };
    }

    public static Fill Fill(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fills!.Elements<Fill>().ElementAt((int)(Format(document, cell).FillId?.Value ?? 0));

    public static Font Font(SpreadsheetDocument document, Cell cell) =>
        document.WorkbookPart!.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)(Format(document, cell).FontId?.Value ?? 0));

    /// <summary>The text a cell shows, looked up in the shared string table when it is a shared string.</summary>
    public static string? Text(SpreadsheetDocument document, Cell cell)
    {
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            var items = document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>();
            return items.ElementAt(int.Parse(cell.CellValue!.Text)).InnerText;
        }

        return cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : null;
    }
}
