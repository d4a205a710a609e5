using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Features.Documents.SpreadsheetSamples;

namespace SchoolAssessment.Tests.Features.Rectification;

/// <summary>The ledger workbook as exported, read back with the Open XML SDK and ExcelDataReader, and uploaded back after editing.</summary>
public class LedgerWorkbookTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private int Assessment => app.Assessments[Relation.Own];

    private HttpClient _leader = default!;

    public async Task InitializeAsync() => _leader = await app.LeaderWithPlanAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<RectificationLine>> LinesAsync() =>
        app.QueryAsync(db => db.RectificationLines.AsNoTracking().Where(l => l.AssessmentId == Assessment).OrderBy(l => l.Position).ToListAsync());

    private async Task<byte[]> ExportAsync()
    {
        var response = await _leader.GetAsync($"/assessments/{Assessment}/plan.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(XlsxWriter.ContentType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task EditLineAsync(string item, string measures, string deadline)
    {
        var line = (await LinesAsync()).Single(l => l.ItemCode == item);
        var saved = await app.SaveLineAsync(AppRole.SchoolLeader, line, LedgerActions.EditOf(line, measures, deadline, "限期整改"));
        Assert.True(saved.Succeeded, string.Join("；", saved.Errors.Select(e => e.Message)));
    }

    /// <summary>The exported ledger as a user would hand it back: the same sheet with some cells changed.</summary>
    private static byte[] Edited(byte[] exported, Func<string, int, object?, object?> change)
    {
        var ledger = XlsxReader.Read(new MemoryStream(exported)).Single(s => s.Name == LedgerWorkbook.LedgerSheet);
        var keyRow = ledger.Rows.First(r => r.Any(c => c.Value as string == LedgerWorkbook.ItemKey));
        var keys = keyRow.ToDictionary(c => c.Column, c => (string)c.Value!);
        var rows = ledger.Rows.Where(r => r[0].Row > keyRow[0].Row).Select((r, i) =>
        {
            var cells = new object?[LedgerWorkbook.Columns.Count];
            foreach (var (column, key) in keys) cells[column - 1] = change(key, i, r.FirstOrDefault(c => c.Column == column)?.Value);
            return new SheetRow(cells);
        }).ToList();
        return XlsxWriter.ToBytes([new SheetSpec(LedgerWorkbook.LedgerSheet, LedgerWorkbook.Columns, rows) { Title = "整改台账", Subtitle = "已填写", ShowKeys = true }]);
    }

    private Task<CommandOutcome<int>> UploadAsync(byte[] workbook) => app.UploadLedgerAsync(AppRole.SchoolLeader, Assessment, workbook);

    [Fact]
    public async Task The_ledger_sheet_has_every_line_native_dates_drop_downs_and_the_overdue_line_highlighted()
    {
        await EditLineAsync("C2", "=HYPERLINK(\"http://evil.example\",\"点击\")", "2020-01-31"); // long past: overdue

        var bytes = await ExportAsync();

        using var document = Open(bytes);
        var workbook = document.WorkbookPart!.Workbook;
        Assert.Equal(["整改台账", "评分明细", "指标数据"], workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value).Where(n => !n!.StartsWith('_')));
        var sheet = Sheet(document, LedgerWorkbook.LedgerSheet);
        var lines = await LinesAsync();
        var read = XlsxReader.Read(new MemoryStream(bytes)).Single(s => s.Name == LedgerWorkbook.LedgerSheet);
        Assert.Contains("测试县委党校K1", (string)read.Rows[0][0].Value!);
        var header = read.Rows.First(r => r.Any(c => c.Value as string == "整改措施"));
        Assert.Equal(LedgerWorkbook.Columns.Select(c => c.Header), header.Select(c => (string)c.Value!));
        var data = read.Rows.Where(r => r[0].Row > header[0].Row + 1).ToList();
        Assert.Equal(lines.Select(l => l.ItemCode), data.Select(r => (string)r[1].Value!));

        // The overdue line: light red, its deadline a real date, its formula-like text kept as text.
        var overdueRow = data.Single(r => (string)r[1].Value! == "C2")[0].Row;
        Assert.Equal("FFF8D7DA", Fill(document, Cell(sheet, $"A{overdueRow}")).PatternFill!.ForegroundColor!.Rgb!.Value);
        var deadline = Cell(sheet, $"Q{overdueRow}");
        Assert.Equal(new DateTime(2020, 1, 31).ToOADate().ToString(), deadline.CellValue!.Text);
        Assert.Equal("yyyy-mm-dd", NumberFormat(document, deadline));
        var measures = Text(document, Cell(sheet, $"K{overdueRow}"))!;
        Assert.StartsWith("'=HYPERLINK", measures);
        Assert.DoesNotContain(sheet.Descendants<CellFormula>(), f => true);
        var otherRow = data.First(r => (string)r[1].Value! != "C2")[0].Row;
        Assert.NotEqual("FFF8D7DA", Fill(document, Cell(sheet, $"A{otherRow}")).PatternFill!.ForegroundColor?.Rgb?.Value);

        // Drop-downs for the type and status columns.
        var lists = sheet.Descendants<DataValidation>().Where(v => v.Type?.Value == DataValidationValues.List).Select(v => v.Formula1!.Text).ToList();
        Assert.Contains(lists, f => f.Contains("立行立改") && f.Contains("长期坚持"));
        Assert.Contains(lists, f => f.Contains("未启动") && f.Contains("已完成"));
        Assert.DoesNotContain(lists, f => f.Contains("已销号")); // an upload never closes a line
        Assert.NotNull(sheet.Descendants<Pane>().SingleOrDefault(p => p.State?.Value == PaneStateValues.Frozen));

        // The scores sheet holds the numbers the ledger comes from.
        var scores = XlsxReader.Read(new MemoryStream(bytes)).Single(s => s.Name == "评分明细");
        Assert.Contains(scores.Rows, r => r.Any(c => c.Value as string == "C2") && r.Any(c => c.Value is decimal));
    }

    [Fact]
    public async Task The_ledger_prints_on_a3_landscape_with_its_key_row_hidden_and_only_the_uploaded_columns_editable()
    {
        using var document = Open(await ExportAsync());
        var sheet = Sheet(document, LedgerWorkbook.LedgerSheet);

        var setup = sheet.Descendants<PageSetup>().Single();
        Assert.Equal((8u, OrientationValues.Landscape, 1u), (setup.PaperSize!.Value, setup.Orientation!.Value, setup.FitToWidth!.Value));
        // The row of keys the upload reads is there but hidden; the version column too.
        var keyRow = sheet.Descendants<Row>().Single(r => r.Descendants<Cell>().Any(c => Text(document, c) == LedgerWorkbook.ItemKey));
        Assert.True(keyRow.Hidden?.Value);
        var version = LedgerWorkbook.Columns.ToList().FindIndex(c => c.Key == LedgerWorkbook.StampKey) + 1;
        Assert.True(sheet.Descendants<Column>().Single(c => c.Min!.Value == version).Hidden?.Value);
        // Protected: the columns an upload reads are unlocked, the generated ones (存在问题, 失分, 销号审核意见) are not.
        Assert.True(sheet.Descendants<SheetProtection>().Single().Sheet?.Value);
        var firstData = (int)keyRow.RowIndex!.Value + 1;
        foreach (var (column, index) in LedgerWorkbook.Columns.Select((c, i) => (c, i)))
        {
            var cell = Cell(sheet, $"{XlsxReader.ColumnLetters(index + 1)}{firstData}");
            var unlocked = Format(document, cell).Protection?.Locked?.Value == false;
            Assert.True(column.Editable == unlocked, $"{column.Header}: editable {column.Editable}, unlocked {unlocked}");
        }

        Assert.Contains(LedgerWorkbook.Columns, c => c.Key == "problem" && !c.Editable);
        Assert.Contains(LedgerWorkbook.Columns, c => c.Key == "reviewComment" && !c.Editable);
        Assert.Contains(LedgerWorkbook.Columns, c => c.Key == "progress" && c.Editable);
    }

    [Fact]
    public async Task An_edited_ledger_updates_status_progress_and_notes_with_a_record()
    {
        var exported = await ExportAsync();
        var lines = await LinesAsync();

        var edited = Edited(exported, (key, row, value) => (key, row) switch
        {
            ("status", 0) => "推进中",
            ("progress", 0) => "已召开专题会议",
            ("remarks", 1) => "与县财政局对接中",
            ("deadline", 1) => new DateTime(2027, 4, 30),
            _ => value,
        });
        var response = await UploadAsync(edited);

        Assert.True(response.Succeeded);
        Assert.Equal(2, response.Value);
        var after = await LinesAsync();
        Assert.Equal((RectificationStatus.InProgress, "已召开专题会议"), (after[0].Status, after[0].Progress));
        Assert.Equal(("与县财政局对接中", (DateOnly?)new DateOnly(2027, 4, 30)), (after[1].Remarks, after[1].Deadline));
        Assert.Equal(lines[2].ConcurrencyStamp, after[2].ConcurrencyStamp); // untouched lines are not rewritten
        var record = await app.QueryAsync(db => db.AuditEntries.Where(e => e.Subject == nameof(RectificationLine) && e.Field == "Status"
            && e.SubjectKey == after[0].AuditKey).ToListAsync());
        Assert.Contains(record, e => e.Reason == "上传整改台账" && e.NewValue == nameof(RectificationStatus.InProgress) && e.UserName == SchoolTreeFactory.UserName(AppRole.SchoolLeader));
    }

    [Fact]
    public async Task A_ledger_with_bad_rows_is_refused_whole_with_each_cell_named()
    {
        var exported = await ExportAsync();
        var before = await LinesAsync();

        var edited = Edited(exported, (key, row, value) => (key, row) switch
        {
            ("progress", 0) => "这一行本身没有问题",
            ("deadline", 1) => "下个月",
            ("status", 2) => "已销号",
            ("type", 3) => "尽快整改",
            ("version", 4) => "000000000000",
            _ => value,
        });
        var response = await UploadAsync(edited);

        Assert.Equal(OutcomeKind.Invalid, response.Kind);
        var errors = response.Errors.Select(e => e.Message).ToList();
        // Title, subtitle, header and key rows come first: data starts on row 5.
        Assert.Contains(errors, e => e.StartsWith("第6行 Q列(完成时限)"));
        Assert.Contains(errors, e => e.StartsWith("第7行 R列(整改状态)") && e.Contains("审核"));
        Assert.Contains(errors, e => e.StartsWith("第8行 L列(整改类型)"));
        Assert.Contains(errors, e => e.StartsWith("第9行 W列") && e.Contains("重新导出"));
        Assert.Equal(4, errors.Count);
        var after = await LinesAsync();
        Assert.Equal(before.Select(l => (l.Progress, l.Status, l.ConcurrencyStamp)), after.Select(l => (l.Progress, l.Status, l.ConcurrencyStamp)));
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_is_refused_with_a_message()
    {
        var response = await UploadAsync("%PDF-1.7 not a workbook"u8.ToArray());

        Assert.Equal(OutcomeKind.Invalid, response.Kind);
        Assert.Contains(response.Errors, e => e.Message.Contains("Excel"));
    }
}
