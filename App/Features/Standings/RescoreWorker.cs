using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Hosting;
using SchoolAssessment.Persistence;
using SchoolAssessment.Shared;

namespace SchoolAssessment.Features.Standings;

/// <summary>How the background rescoring runs (section <c>Rescore</c>).</summary>
public sealed class RescoreOptions
{
    public const string Section = "Rescore";

    /// <summary>How often the table is read when no doorbell rang (requests of another instance, or left by a crash).</summary>
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>School-years per transaction: enough to coalesce a burst, few enough that saves wait briefly for the writer lock.</summary>
    public int BatchSchoolYears { get; set; } = 100;

    /// <summary>How long the background lease lasts unless renewed; another instance takes over this long after a crash.</summary>
    public int LeaseSeconds { get; set; } = 30;
}

/// <summary>
/// Drains the <see cref="RescoreQueue"/>: reads the waiting requests in order, rescores each school-year once however
/// many saves asked (and the county above a township school, after it), stores the results and removes the requests in
/// one transaction, then tells open pages. Runs only on the instance holding the background lease. A crash leaves the
/// requests in the table; the next holder starts with them.
/// </summary>
public sealed class RescoreWorker(
    IServiceScopeFactory scopes, IDbContextFactory<AppDbContext> dbFactory, RescoreQueue queue, LeaseStore leases, InstanceIdentity instance,
    LiveUpdates live, TimeProvider clock, Microsoft.Extensions.Options.IOptions<RescoreOptions> options, ILogger<RescoreWorker> logger) : BackgroundService
{
    // Enough rows to cover a burst on one school-year several times over; the rest wait for the next batch.
    private const int RowsPerBatch = 2000;

    private readonly RescoreOptions _options = options.Value;
    private DateTime _heldUntil = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromMilliseconds(_options.PollMilliseconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var stored = 0;
                try
                {
                    if (await HoldLeaseAsync(stoppingToken)) stored = await RescoreBatchAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // The requests stay in the table: the next round tries them again.
                    logger.LogError(e, "Background rescoring failed; retrying");
                    queue.RoundEnded(queue.LastKnownDepth);
                    await Task.Delay(poll, clock, stoppingToken);
                }

                if (stored == 0) await queue.WaitAsync(poll, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_heldUntil > DateTime.MinValue)
            {
                try { await leases.ReleaseAsync(LeaseStore.Background, instance.Name, CancellationToken.None); }
                catch (Exception e) { logger.LogWarning(e, "The background lease was not given back; it expires on its own"); }
            }
        }
    }

    /// <summary>
    /// Answers every waiting request now, on the caller's thread (the command line, where no hosted service runs), if no
    /// running instance holds the queue; false when one does (it will answer them).
    /// </summary>
    public async Task<bool> DrainAsync(CancellationToken cancellationToken = default)
    {
        if (!await HoldLeaseAsync(cancellationToken)) return false;
        try
        {
            while (await RescoreBatchAsync(cancellationToken) > 0)
                await HoldLeaseAsync(cancellationToken);
            return true;
        }
        finally
        {
            _heldUntil = DateTime.MinValue;
            await leases.ReleaseAsync(LeaseStore.Background, instance.Name, CancellationToken.None);
        }
    }

    /// <summary>Takes or renews the background lease when half of it has run out; false while another instance holds it.</summary>
    private async Task<bool> HoldLeaseAsync(CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(_options.LeaseSeconds);
        var now = clock.GetUtcNow().UtcDateTime;
        if (_heldUntil != DateTime.MinValue && now < _heldUntil - duration / 2) return true;
        if (await leases.TryAcquireAsync(LeaseStore.Background, instance.Name, duration, cancellationToken))
        {
            if (_heldUntil == DateTime.MinValue) logger.LogInformation("This instance ({Instance}) runs the background work", instance.Name);
            _heldUntil = now + duration;
            return true;
        }

        _heldUntil = DateTime.MinValue;
        return false;
    }

    /// <summary>One batch: returns how many requests it answered (0 when the table was empty).</summary>
    private async Task<int> RescoreBatchAsync(CancellationToken cancellationToken)
    {
        queue.Busy = true;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var rows = await db.RescoreRequests.AsNoTracking().OrderBy(r => r.Id).Take(RowsPerBatch)
                .Select(r => new { r.Id, r.SchoolId, r.Year }).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                queue.RoundEnded(0);
                return 0;
            }

            // The first school-years in order of request, up to the batch size; a later request of one of them past the
            // cut is answered again in the next batch, which is harmless.
            var pairs = new List<(int SchoolId, int Year)>();
            var seen = new HashSet<(int, int)>();
            var last = 0L;
            var answered = 0;
            foreach (var row in rows)
            {
                if (seen.Add((row.SchoolId, row.Year)))
                {
                    if (pairs.Count == _options.BatchSchoolYears) break;
                    pairs.Add((row.SchoolId, row.Year));
                }

                last = row.Id;
                answered++;
            }

            if (queue.BeforeRescoring is { } gate) await gate(pairs, cancellationToken);

            using var activity = Telemetry.Source.StartActivity("rescore batch");
            activity?.SetTag("rescore.school_years", pairs.Count);
            activity?.SetTag("rescore.requests", answered);
            var watch = Stopwatch.StartNew();
            await using var scope = scopes.CreateAsyncScope();
            var recorder = scope.ServiceProvider.GetRequiredService<ResultRecorder>();
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The delete first: it takes the writer lock, so what the rescoring reads is what it writes over.
                await db.RescoreRequests.Where(r => r.Id <= last).ExecuteDeleteAsync(cancellationToken);
                await recorder.RecordAsync(db, pairs, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            RescoreQueue.Record(watch.Elapsed.TotalMilliseconds, pairs.Count, answered);
            var parents = await recorder.ParentsOfTownshipsAsync(db, pairs, cancellationToken);
            foreach (var (schoolId, year) in pairs.Concat(parents).Distinct()) live.Publish(new SchoolResultsChanged(schoolId, year));
            queue.RoundEnded(rows.Count - answered);
            return answered;
        }
        catch
        {
            queue.Busy = false;
            throw;
        }
    }
}
