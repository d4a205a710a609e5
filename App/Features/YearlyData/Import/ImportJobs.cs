using System.Collections.Concurrent;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>An import running in the background: what it is doing, how far it is, and how it ended.</summary>
public sealed class ImportJob(Guid id, string ownerUserId, string fileName, Action<ImportJob>? changed = null)
{
    private int _shownPercent = -1;
    private string _shownPhase = "";

    public Guid Id { get; } = id;

    public string OwnerUserId { get; } = ownerUserId;

    public string FileName { get; } = fileName;

    public DateTime StartedAtUtc { get; } = DateTime.UtcNow;

    // Written by the import's thread, read by the progress requests: each value is read whole.
    private volatile string _phase = "读取文件";
    private int _done, _total;
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Phase => _phase;

    public int Done => Volatile.Read(ref _done);

    public int Total => Volatile.Read(ref _total);

    public int Percent => Finished ? 100 : Total == 0 ? 0 : (int)(Done * 100L / Total);

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public int SchoolYears { get; private set; }

    public int Values { get; private set; }

    public bool Finished { get; private set; }

    public bool Succeeded => Finished && Errors.Count == 0;

    /// <summary>Completes when the import has ended, its data written or not (tests wait for it before resetting the database).</summary>
    internal Task Ended => _ended.Task;

    internal void Report(string phase, int done, int total)
    {
        _phase = phase;
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _done, done);
        // Told to the open page when the bar would move (a whole percent) or the phase changes, not on every row.
        if (Percent != _shownPercent || phase != _shownPhase)
        {
            _shownPercent = Percent;
            _shownPhase = phase;
            changed?.Invoke(this);
        }
    }

    internal void Fail(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Finished = true;
        changed?.Invoke(this);
        _ended.TrySetResult();
    }

    internal void Succeed(int schoolYears, int values)
    {
        SchoolYears = schoolYears;
        Values = values;
        Finished = true;
        changed?.Invoke(this);
        _ended.TrySetResult();
    }
}

/// <summary>
/// The imports of this process, kept for an hour after they finish so their outcome can be read. Each moves a
/// <see cref="WorkProgress"/> through the live updates, so the page's progress bar moves by itself.
/// </summary>
public sealed class ImportJobs(LiveUpdates? live = null)
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();
    private readonly Lock _starting = new();

    public ImportJob Start(string ownerUserId, string fileName) =>
        TryStart(ownerUserId, fileName) ?? throw new InvalidOperationException("an import of this user is still running");

    /// <summary>A new import, or null while one of the same user's is still running: an import is never started twice.</summary>
    public ImportJob? TryStart(string ownerUserId, string fileName)
    {
        lock (_starting)
        {
            foreach (var old in _jobs.Values.Where(j => j.Finished && j.StartedAtUtc < DateTime.UtcNow.AddHours(-1))) _jobs.TryRemove(old.Id, out _);
            if (_jobs.Values.Any(j => j.OwnerUserId == ownerUserId && !j.Finished)) return null;
            var job = new ImportJob(Guid.NewGuid(), ownerUserId, fileName,
                j => live?.Publish(new WorkProgress(j.Id, j.Finished ? Math.Max(j.Total, 1) : j.Done, j.Finished ? Math.Max(j.Total, 1) : j.Total, j.Phase)));
            _jobs[job.Id] = job;
            return job;
        }
    }

    /// <summary>The user's import still running, if any (the page shows it again when opened anew).</summary>
    public ImportJob? Running(string? userId) => _jobs.Values.FirstOrDefault(j => j.OwnerUserId == userId && !j.Finished);

    /// <summary>Completes when every import started so far has ended: nothing of theirs is written after it.</summary>
    internal Task WhenAllEndedAsync() => Task.WhenAll(_jobs.Values.Select(j => j.Ended));

    /// <summary>A job, only for the user who started it.</summary>
    public ImportJob? Find(Guid id, string? userId) => _jobs.TryGetValue(id, out var job) && job.OwnerUserId == userId ? job : null;
}
