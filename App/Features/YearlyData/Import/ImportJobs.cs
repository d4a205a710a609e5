using System.Collections.Concurrent;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>An import running in the background: what it is doing, how far it is, and how it ended.</summary>
public sealed class ImportJob(Guid id, string ownerUserId, string fileName)
{
    public Guid Id { get; } = id;

    public string OwnerUserId { get; } = ownerUserId;

    public string FileName { get; } = fileName;

    public DateTime StartedAtUtc { get; } = DateTime.UtcNow;

    // Written by the import's thread, read by the progress requests: each value is read whole.
    private volatile string _phase = "读取文件";
    private int _done, _total;

    public string Phase => _phase;

    public int Done => Volatile.Read(ref _done);

    public int Total => Volatile.Read(ref _total);

    public int Percent => Finished ? 100 : Total == 0 ? 0 : (int)(Done * 100L / Total);

    public IReadOnlyList<string> Errors { get; private set; } = [];

    public int SchoolYears { get; private set; }

    public int Values { get; private set; }

    public bool Finished { get; private set; }

    public bool Succeeded => Finished && Errors.Count == 0;

    internal void Report(string phase, int done, int total)
    {
        _phase = phase;
        Volatile.Write(ref _total, total);
        Volatile.Write(ref _done, done);
    }

    internal void Fail(IReadOnlyList<string> errors)
    {
        Errors = errors;
        Finished = true;
    }

    internal void Succeed(int schoolYears, int values)
    {
        SchoolYears = schoolYears;
        Values = values;
        Finished = true;
    }
}

/// <summary>The imports of this process, kept for an hour after they finish so their outcome can be read.</summary>
public sealed class ImportJobs
{
    private readonly ConcurrentDictionary<Guid, ImportJob> _jobs = new();

    public ImportJob Start(string ownerUserId, string fileName)
    {
        foreach (var old in _jobs.Values.Where(j => j.Finished && j.StartedAtUtc < DateTime.UtcNow.AddHours(-1))) _jobs.TryRemove(old.Id, out _);
        var job = new ImportJob(Guid.NewGuid(), ownerUserId, fileName);
        _jobs[job.Id] = job;
        return job;
    }

    /// <summary>A job, only for the user who started it.</summary>
    public ImportJob? Find(Guid id, string? userId) => _jobs.TryGetValue(id, out var job) && job.OwnerUserId == userId ? job : null;
}
