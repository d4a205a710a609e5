using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>The indicator template of a subtree and its import: checked cell by cell, all or nothing, with progress.</summary>
public class IndicatorImportTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private async Task<List<SheetData>> TemplateAsync(HttpClient client, int schoolId, int year)
    {
        var response = await client.GetAsync($"/schools/{schoolId}/indicators/template.xlsx?year={year}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. XlsxReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()))];
    }

    /// <summary>A filled-in sheet: the template's columns, one row per (school, year) with the given cells.</summary>
    private static byte[] Filled(params (object? School, object? Year, (string Key, object? Value)[] Cells)[] rows)
    {
        var columns = IndicatorTemplate.Columns(SeedLibrary.Value.Indicators);
        var keys = columns.Select(c => c.Key!).ToList();
        var sheetRows = rows.Select(r =>
        {
            var cells = new object?[columns.Count];
            cells[0] = r.School;
            cells[2] = r.Year;
            foreach (var (key, value) in r.Cells) cells[keys.IndexOf(key)] = value;
            return new SheetRow(cells);
        });
        return XlsxWriter.ToBytes([new SheetSpec(IndicatorTemplate.SheetName, columns, sheetRows.ToList()) { Title = "填好的模板", ShowKeys = true }]);
    }

    /// <summary>Starts the import as the page's upload does (the service, as the circuit's user) and waits for its last published progress.</summary>
    private async Task<ImportJob> ImportAsync(string role, byte[] workbook)
    {
        var live = app.Services.GetRequiredService<LiveUpdates>();
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var moves = 0;
        ImportJob? job = null;
        using var subscription = live.Subscribe<WorkProgress>(_ => true, p =>
        {
            Interlocked.Increment(ref moves);
            if (job is not null && p.WorkId == job.Id && job.Finished) finished.TrySetResult();
            return Task.CompletedTask;
        });
        var outcome = await app.AsAsync<IndicatorImportService, CommandOutcome<ImportJob>>(SchoolTreeFactory.UserName(role), "/schools/1/indicators/import",
            (import, user) => import.StartAsync(user, "指标.xlsx", workbook));
        Assert.True(outcome.Succeeded);
        job = outcome.Value!;
        if (job.Finished) finished.TrySetResult();
        await finished.Task.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(moves > 0); // the page's bar moves by these
        return job;
    }

    private Task<Dictionary<string, decimal?>> ValuesAsync(int schoolId, int year) =>
        app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.SchoolId == schoolId && v.Year == year).ToDictionaryAsync(v => v.IndicatorKey, v => v.Number));

    [Fact]
    public async Task A_supervisors_template_lists_its_subtree_with_units_and_bounds_in_the_header()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);

        var sheet = (await TemplateAsync(supervisor, app.Schools[Relation.Own], 2024)).Single(s => s.Name == IndicatorTemplate.SheetName);

        var header = sheet.Rows.First(r => r.Any(c => c.Value as string == "学校编号"));
        var teachers = SeedLibrary.Value.Indicators["fulltimeTeachers"];
        Assert.Contains(header, c => c.Value as string == IndicatorTemplate.Header(teachers));
        Assert.Contains("(人)", IndicatorTemplate.Header(teachers));
        var schools = sheet.Rows.Where(r => r[0].Row > header[0].Row + 1).Select(r => Convert.ToInt32(r[0].Value)).ToList();
        Assert.Equal([app.Schools[Relation.Own], app.Schools[Relation.Child]], schools);
    }

    [Fact]
    public async Task A_valid_sheet_is_imported_for_every_row_and_recorded_as_the_importer()
    {
        int own = app.Schools[Relation.Own], child = app.Schools[Relation.Child];

        var done = await ImportAsync(AppRole.Supervisor, Filled(
            (own, 2023, [("fulltimeTeachers", 12m), ("hasIndependentCampus", "是")]),
            (child, 2023, [("fulltimeTeachers", 3m)])));

        Assert.True(done.Succeeded);
        Assert.Equal(12m, (await ValuesAsync(own, 2023))["fulltimeTeachers"]);
        Assert.Equal(3m, (await ValuesAsync(child, 2023))["fulltimeTeachers"]);
        var flag = await app.QueryAsync(db => db.YearlyIndicatorValues.SingleAsync(v => v.SchoolId == own && v.Year == 2023 && v.IndicatorKey == "hasIndependentCampus"));
        Assert.True(flag.Flag);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.SchoolId == child && e.SubjectKey == "2023/fulltimeTeachers"
            && e.UserName == SchoolTreeFactory.UserName(AppRole.Supervisor) && e.Reason!.StartsWith("批量导入"))));
    }

    [Fact]
    public async Task A_sheet_with_bad_cells_names_each_by_row_and_column_and_writes_nothing()
    {
        int own = app.Schools[Relation.Own], sibling = app.Schools[Relation.Sibling];
        var columns = IndicatorTemplate.Columns(SeedLibrary.Value.Indicators).Select(c => c.Key).ToList();
        string Column(string key) => XlsxReader.ColumnLetters(columns.IndexOf(key) + 1);

        var result = await ImportAsync(AppRole.Supervisor, Filled(
            (own, 2022, [("fulltimeTeachers", 9m)]), // valid on its own, but not applied
            (own, 2021, [("fulltimeTeachers", -4m), ("hasIndependentCampus", "也许")]),
            (sibling, 2022, [("fulltimeTeachers", 5m)]),
            (own, "明年", [])));

        var errors = result.Errors.ToList();
        // Title, header, keys: the first data row is row 4.
        Assert.Contains(errors, e => e.StartsWith($"第5行 {Column("fulltimeTeachers")}列(专职教师人数)"));
        Assert.Contains(errors, e => e.StartsWith($"第5行 {Column("hasIndependentCampus")}列") && e.Contains("是"));
        Assert.Contains(errors, e => e.StartsWith("第6行 A列(学校编号)") && e.Contains("无权"));
        Assert.Contains(errors, e => e.StartsWith("第7行 C列(年度)"));
        Assert.Equal(4, errors.Count);
        Assert.Empty(await ValuesAsync(own, 2022));
    }

    [Fact]
    public async Task A_school_leader_imports_only_its_own_school()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);

        var result = await ImportAsync(AppRole.SchoolLeader, Filled((app.Schools[Relation.Child], 2022, [("fulltimeTeachers", 2m)])));

        Assert.Contains(result.Errors, e => e.Contains("无权"));
        var template = (await TemplateAsync(leader, app.Schools[Relation.Own], 2022)).Single(s => s.Name == IndicatorTemplate.SheetName);
        Assert.Single(template.Rows, r => r[0].Value is decimal);
        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync($"/schools/{app.Schools[Relation.Child]}/indicators/template.xlsx")).StatusCode);
    }

    [Fact]
    public void An_import_cannot_be_started_twice_while_it_runs()
    {
        var jobs = new ImportJobs();
        var job = jobs.TryStart("user-1", "指标.xlsx")!;

        Assert.Null(jobs.TryStart("user-1", "again.xlsx"));
        Assert.NotNull(jobs.TryStart("user-2", "other.xlsx"));
        Assert.Same(job, jobs.Running("user-1"));
    }

    [Fact]
    public void An_import_is_readable_only_by_the_user_who_started_it()
    {
        var jobs = new ImportJobs();
        var job = jobs.Start("user-1", "指标.xlsx");

        Assert.Same(job, jobs.Find(job.Id, "user-1"));
        Assert.Null(jobs.Find(job.Id, "user-2"));
        Assert.Null(jobs.Find(job.Id, null));
    }
}
