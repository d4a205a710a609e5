using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Hosting;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Standings;

/// <summary>
/// The queue of school-years whose stored results are to be recomputed. The table (<see cref="RescoreRequest"/>) is the
/// queue: a save adds its row in its own transaction, so nothing acknowledged is lost to a crash. The channel is only the
/// doorbell that wakes the <see cref="RescoreWorker"/> at once; without it the worker still finds the rows on its next poll
/// (rows written by another instance, or left by a crash).
/// </summary>
public sealed class RescoreQueue(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    // One pending ring is enough: the worker reads every row when it wakes.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private TaskCompletionSource _round = NewRound();
    private readonly TaskCompletionSource _firstRound = NewRound();
    private volatile bool _busy;
    private long _depth;

    // The gauge is the process's: one app per process in production (tests host several, and read the queue itself).
    private static long s_depth;
    private static readonly ObservableGauge<long> Depth = Telemetry.Meter.CreateObservableGauge(
        "rescore.queue.depth", () => Interlocked.Read(ref s_depth), description: "Rescore requests waiting, as the worker last counted them");

    private static readonly Histogram<double> Duration = Telemetry.Meter.CreateHistogram<double>(
        "rescore.duration", "ms", "Time to rescore one batch of school-years and store their results");
    private static readonly Counter<long> Rescored = Telemetry.Meter.CreateCounter<long>("rescore.school_years", description: "School-years rescored");
    private static readonly Counter<long> Coalesced = Telemetry.Meter.CreateCounter<long>(
        "rescore.coalesced", description: "Requests answered by another request's rescoring of the same school-year");

    /// <summary>Adds the request to the caller's context: it is committed with the change that caused it, by the caller's SaveChanges.</summary>
    public void Request(AppDbContext db, int schoolId, int year) => Request(db, [(schoolId, year)]);

    public void Request(AppDbContext db, IEnumerable<(int SchoolId, int Year)> pairs)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.RescoreRequests.AddRange(pairs.Distinct().Select(p => new RescoreRequest { SchoolId = p.SchoolId, Year = p.Year, RequestedAtUtc = now }));
    }

    /// <summary>Wakes the worker: call after the transaction holding the requests has committed.</summary>
    public void Signal() => _doorbell.Writer.TryWrite(true);

    /// <summary>
    /// True while a change of the school-year (or of a township school under it, whose result rolls up into it) waits
    /// to be rescored: the page shows "计算中" beside the stored result.
    /// </summary>
    public async Task<bool> IsPendingAsync(int schoolId, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RescoreRequests.AnyAsync(r => r.Year == year
            && (r.SchoolId == schoolId || db.Schools.Any(s => s.Id == r.SchoolId && s.ParentId == schoolId && s.Level == SchoolLevel.Township)),
            cancellationToken);
    }

    /// <summary>Requests waiting, as the worker last counted them (metrics read this without a query).</summary>
    public long LastKnownDepth => Interlocked.Read(ref _depth);

    /// <summary>Requests waiting now, counted in the database (the readiness check).</summary>
    public async Task<int> DepthAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var depth = await db.RescoreRequests.CountAsync(cancellationToken);
        Interlocked.Exchange(ref _depth, depth);
        return depth;
    }

    /// <summary>Completes once no request is waiting and no rescoring is under way (tests, and a command that must read fresh results).</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var round = Volatile.Read(ref _round);
            if (!_busy && !await AnyPendingAsync(cancellationToken)) return;
            Signal();
            await round.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Held by tests between reading a batch and rescoring it, to see the state a user sees meanwhile.</summary>
    internal Func<IReadOnlyCollection<(int SchoolId, int Year)>, CancellationToken, Task>? BeforeRescoring { get; set; }

    internal bool Busy { set => _busy = value; }

    /// <summary>Completes when this instance's worker has looked at the table once (it holds the background lease by then).</summary>
    internal Task FirstRound => _firstRound.Task;

    /// <summary>Waits for the doorbell or the poll interval, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(poll);
        try
        {
            await _doorbell.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The poll interval passed: look at the table anyway.
        }
    }

    /// <summary>A worker round ended (a batch stored, or nothing found): whoever waits for idleness looks again.</summary>
    internal void RoundEnded(long depth)
    {
        _busy = false;
        Interlocked.Exchange(ref _depth, depth);
        Interlocked.Exchange(ref s_depth, depth);
        Interlocked.Exchange(ref _round, NewRound()).TrySetResult();
        _firstRound.TrySetResult();
    }

    internal static void Record(double milliseconds, int schoolYears, int requests)
    {
        Duration.Record(milliseconds);
        Rescored.Add(schoolYears);
        Coalesced.Add(requests - schoolYears);
    }

    private async Task<bool> AnyPendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.RescoreRequests.AnyAsync(cancellationToken);
    }

    private static TaskCompletionSource NewRound() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
