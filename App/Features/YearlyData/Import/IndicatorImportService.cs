using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>
/// Indicators for many schools at once: the template of a subtree, and its import — every cell checked, then all
/// rows written in one transaction or none. The import runs in the background and reports its progress.
/// </summary>
public sealed class IndicatorImportService(
    IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, StandardLibrary library, ImportJobs jobs, TimeProvider clock,
    ILogger<IndicatorImportService> logger, RescoreQueue rescoring, IServiceScopeFactory scopes, SchoolStandards standards, LiveUpdates live)
{
    /// <summary>The template for a school and the schools under it whose data the user may enter, named by the school; null if they may enter none of it.</summary>
    public async Task<(byte[] Content, string FileName)?> TemplateFileAsync(ClaimsPrincipal user, int schoolId, int year, CancellationToken cancellationToken = default)
    {
        if (await TemplateAsync(user, schoolId, year, cancellationToken) is not { } bytes) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var name = await db.Schools.Where(s => s.Id == schoolId).Select(s => s.Name).FirstAsync(cancellationToken);
        return (bytes, Documents.DocumentFileName.Of("xlsx", "指标数据模板", name, year));
    }

    /// <summary>The template for a school and the schools under it whose data the user may enter; null if they may enter none of it.</summary>
    public async Task<byte[]?> TemplateAsync(ClaimsPrincipal user, int schoolId, int year, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var root = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellationToken);
        if (root is null || !await access.CheckAsync(scope, SchoolAction.EnterData, root, cancellationToken)) return null;

        var schools = (await db.Schools.AsNoTracking().Where(s => s.Path.StartsWith(root.Path)).OrderBy(s => s.Path).ToListAsync(cancellationToken))
            .Where(s => AccessRules.Allows(scope, SchoolAction.EnterData, s)).ToList();
        var ids = schools.Select(s => s.Id).ToList();
        var values = (await db.YearlyIndicatorValues.AsNoTracking().Where(v => ids.Contains(v.SchoolId) && v.Year == year).ToListAsync(cancellationToken))
            .ToLookup(v => v.SchoolId);
        var rows = schools.Select(s => new IndicatorTemplate.Row(s, year,
            values[s.Id].ToDictionary(v => v.IndicatorKey, v => v.Flag is { } f ? IndicatorValue.Of(f) : IndicatorValue.Of(v.Number!.Value), StringComparer.Ordinal)));
        var keys = new Dictionary<SchoolLevel, IReadOnlySet<string>>();
        IReadOnlySet<string> KeysOf(SchoolLevel level) =>
            keys.TryGetValue(level, out var found) ? found : keys[level] = standards.For(level).SelectMany(s => s.IndicatorKeys).ToHashSet(StringComparer.Ordinal);
        return XlsxWriter.ToBytes([IndicatorTemplate.Sheet(library.Indicators, rows, $"{root.Name}及所属党校{year}年办学指标数据", KeysOf)]);
    }

    /// <summary>
    /// Starts an import of an uploaded workbook and returns at once; the job tells how it goes (and publishes its
    /// progress). Refused for no signed-in user; invalid while the user's previous import is still running.
    /// </summary>
    public async Task<CommandOutcome<ImportJob>> StartAsync(ClaimsPrincipal user, string fileName, byte[] workbook, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        if (!scope.IsAuthenticated || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId) return CommandOutcome<ImportJob>.Denied;
        if (workbook.Length == 0) return CommandOutcome<ImportJob>.Invalid(new FieldError("file", "请选择要导入的 Excel 文件"));
        if (jobs.TryStart(userId, fileName) is not { } job)
            return CommandOutcome<ImportJob>.Invalid(new FieldError("file", "上一个导入尚未完成，请等它完成后再导入。"));
        // Not the request's token: the import goes on when the uploading page is left.
        _ = Task.Run(async () =>
        {
            try
            {
                // A scope of its own: the request's is disposed when the response has gone.
                await using var services = scopes.CreateAsyncScope();
                await services.ServiceProvider.GetRequiredService<IndicatorImportService>().RunAsync(job, scope, workbook, CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogError(e, "Import {Job} failed", job.Id);
                job.Fail(["导入失败,未写入任何数据:服务器出错,请稍后重试"]);
            }
        }, CancellationToken.None);
        return CommandOutcome<ImportJob>.Ok(job);
    }

    /// <summary>The whole import for one user's scope: read, check every cell, write everything or nothing.</summary>
    public async Task RunAsync(ImportJob job, UserScope scope, byte[] workbook, CancellationToken cancellationToken)
    {
        IReadOnlyList<SheetData> sheets;
        try
        {
            sheets = XlsxReader.Read(new MemoryStream(workbook, writable: false));
        }
        catch (SpreadsheetFormatException e)
        {
            job.Fail([e.Message]);
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var allowed = (await db.Schools.AsNoTracking().Visible(scope).ToListAsync(cancellationToken))
            .Where(s => AccessRules.Allows(scope, SchoolAction.EnterData, s)).Select(s => s.Id).ToHashSet();
        var (rows, errors) = IndicatorImport.Check(sheets, library.Indicators, allowed.Contains, (done, total) => job.Report("检查数据", done, total));
        if (errors.Count > 0)
        {
            job.Fail(Documents.Spreadsheets.XlsxReader.FirstErrors(errors));
            return;
        }

        var values = await ApplyAsync(db, rows, scope.UserName ?? "", job, cancellationToken);
        foreach (var (schoolId, year) in rows.Select(r => (r.SchoolId, r.Year)).Distinct()) live.Publish(new SchoolResultsChanged(schoolId, year));
        job.Succeed(rows.Count, values);
    }

    /// <summary>
    /// Writes the checked rows in one transaction: a value changes only where a cell was filled in and differs from
    /// what is stored. Tens of thousands of values go in prepared bulk inserts (<see cref="BulkValueWriter"/>), each
    /// with its audit entry, rather than through the change tracker: the same rows, a tenth of the time.
    /// </summary>
    internal async Task<int> ApplyAsync(AppDbContext db, IReadOnlyList<ImportRow> rows, string userName, ImportJob? job, CancellationToken cancellationToken)
    {
        var reason = job is null ? "批量导入指标数据" : $"批量导入指标数据({job.FileName})";
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var writer = BulkValueWriter.Open(db, userName, reason, clock.GetUtcNow().UtcDateTime);
        var written = 0;
        var done = 0;
        // A few hundred rows at a time: their stored values are read in one query, never the whole table.
        foreach (var chunk in rows.Chunk(200))
        {
            var schoolIds = chunk.Select(r => r.SchoolId).Distinct().ToList();
            var years = chunk.Select(r => r.Year).Distinct().ToList();
            var stored = await db.YearlyIndicatorValues.AsNoTracking().Where(v => schoolIds.Contains(v.SchoolId) && years.Contains(v.Year))
                .Select(v => new { v.SchoolId, v.Year, v.IndicatorKey, v.Number, v.Flag })
                .ToDictionaryAsync(v => (v.SchoolId, v.Year, v.IndicatorKey), cancellationToken);
            foreach (var row in chunk)
            {
                foreach (var (key, value) in row.Values)
                {
                    var old = stored.GetValueOrDefault((row.SchoolId, row.Year, key));
                    if (old is not null && old.Number == value.Number && old.Flag == value.Flag) continue;
                    await writer.WriteAsync(row.SchoolId, row.Year, key, value, old is null ? null : old.Flag is { } f ? IndicatorValue.Of(f) : IndicatorValue.Of(old.Number!.Value),
                        cancellationToken);
                    written++;
                }
            }

            await writer.FlushAsync(cancellationToken);
            done += chunk.Length;
            job?.Report("写入数据", done, rows.Count);
        }

        // The results follow in the background: the requests commit with the values, so none is lost.
        await BulkInsert.InsertAsync(db, rows.Select(r => (r.SchoolId, r.Year)).Distinct()
            .Select(p => new RescoreRequest { SchoolId = p.SchoolId, Year = p.Year, RequestedAtUtc = clock.GetUtcNow().UtcDateTime }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        rescoring.Signal();
        return written;
    }
}
