using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rectification;

/// <summary>One rule set for the page and the upload: a step back needs a reason; a closed line's text stays as it was.</summary>
public class LedgerRulesTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private int Assessment => app.Assessments[Relation.Own];

    private HttpClient _leader = default!;

    public async Task InitializeAsync() => _leader = await app.LeaderWithPlanAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<List<RectificationLine>> LinesAsync() =>
        app.QueryAsync(db => db.RectificationLines.AsNoTracking().Where(l => l.AssessmentId == Assessment).OrderBy(l => l.Position).ToListAsync());

    private Task SetStatusAsync(long lineId, RectificationStatus status) => app.QueryAsync(async db =>
    {
        var line = await db.RectificationLines.SingleAsync(l => l.Id == lineId);
        line.Status = status;
        line.ConcurrencyStamp = Guid.NewGuid();
        return await db.SaveChangesAsync();
    });

    private async Task<byte[]> EditedExportAsync(Func<string, int, object?, object?> change)
    {
        var exported = await (await _leader.GetAsync($"/assessments/{Assessment}/plan.xlsx")).Content.ReadAsByteArrayAsync();
        var ledger = XlsxReader.Read(new MemoryStream(exported)).Single(s => s.Name == LedgerWorkbook.LedgerSheet);
        var keyRow = ledger.Rows.First(r => r.Any(c => c.Value as string == LedgerWorkbook.ItemKey));
        var keys = keyRow.ToDictionary(c => c.Column, c => (string)c.Value!);
        var rows = ledger.Rows.Where(r => r[0].Row > keyRow[0].Row).Select((r, i) =>
        {
            var cells = new object?[LedgerWorkbook.Columns.Count];
            foreach (var (column, key) in keys) cells[column - 1] = change(key, i, r.FirstOrDefault(c => c.Column == column)?.Value);
            return new SheetRow(cells);
        }).ToList();
        return XlsxWriter.ToBytes([new SheetSpec(LedgerWorkbook.LedgerSheet, LedgerWorkbook.Columns, rows) { Title = "整改台账", ShowKeys = true }]);
    }

    private Task<CommandOutcome<int>> UploadAsync(byte[] workbook) => app.UploadLedgerAsync(AppRole.SchoolLeader, Assessment, workbook);

    private static string Messages<T>(CommandOutcome<T> outcome) => string.Join("\n", outcome.Errors.Select(e => e.Message));

    [Fact]
    public async Task A_status_step_back_in_the_upload_needs_a_reason_in_the_remarks_as_on_the_page()
    {
        var first = (await LinesAsync())[0];
        await SetStatusAsync(first.Id, RectificationStatus.InProgress);

        var silent = await UploadAsync(await EditedExportAsync((key, row, value) => (key, row) switch { ("status", 0) => "未启动", _ => value }));
        Assert.Equal(OutcomeKind.Invalid, silent.Kind);
        Assert.Contains("状态回退时请在“备注”列写明原因", Messages(silent));
        Assert.Equal(RectificationStatus.InProgress, (await LinesAsync())[0].Status);

        var explained = await UploadAsync(await EditedExportAsync((key, row, value) => (key, row) switch
        {
            ("status", 0) => "未启动", ("remarks", 0) => "资金未到位，暂缓启动", _ => value,
        }));
        Assert.True(explained.Succeeded);
        Assert.Equal(RectificationStatus.NotStarted, (await LinesAsync())[0].Status);

        // The page's own command asks the same rule.
        await SetStatusAsync(first.Id, RectificationStatus.InProgress);
        var line = (await LinesAsync())[0];
        var page = await app.SetLineStatusAsync(AppRole.SchoolLeader, line, RectificationStatus.NotStarted);
        Assert.Equal(OutcomeKind.Invalid, page.Kind);
        Assert.Equal("状态回退时请写明原因", page.Errors.Single(e => e.Field == "comment").Message);

        // A move refused because someone saved first names them by 姓名 and changes nothing (the page keeps the reason typed: bunit).
        var stale = await app.SetLineStatusAsync(AppRole.SchoolLeader, line, RectificationStatus.NotStarted, "资金尚未拨付，退回未启动", Guid.NewGuid());
        Assert.Equal(OutcomeKind.Conflict, stale.Kind);
        Assert.Equal(RectificationStatus.InProgress, (await LinesAsync())[0].Status);
    }

    [Fact]
    public async Task A_closed_line_s_text_cannot_be_edited_by_the_api_or_the_upload()
    {
        var closed = (await LinesAsync())[1];
        await SetStatusAsync(closed.Id, RectificationStatus.Closed);
        closed = (await LinesAsync())[1];

        var api = await app.SaveLineAsync(AppRole.SchoolLeader, closed, LedgerActions.EditOf(closed, measures: "销号后改写的措施", type: "限期整改"));
        Assert.Equal(OutcomeKind.Invalid, api.Kind);
        Assert.Contains("已销号的事项不能再修改", Messages(api));

        var upload = await UploadAsync(await EditedExportAsync((key, row, value) => (key, row) switch { ("measures", 1) => "销号后改写的措施", _ => value }));
        Assert.Equal(OutcomeKind.Invalid, upload.Kind);
        Assert.Contains("已销号的事项不能再修改", Messages(upload));
        Assert.Equal(closed.Measures, (await LinesAsync())[1].Measures);
    }
}
