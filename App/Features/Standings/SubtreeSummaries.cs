using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Standings;

/// <summary>What one stored result contributes to the figures of every subtree it belongs to.</summary>
public sealed record ResultFigures(int SchoolId, string StandardId, int Year, decimal Total, string GradeCode, bool Passed, bool Vetoed, IReadOnlyList<string> MissedItems)
{
    public static ResultFigures Of(SchoolResult result) => new(result.SchoolId, result.StandardId, result.Year, result.Total, result.GradeCode, result.Passed,
        result.VetoFailures > 0, result.Items.Where(i => !i.Met).Select(i => i.ItemCode).ToList());
}

/// <summary>
/// Keeps <see cref="SubtreeFigure"/> rows equal to a recount of the stored results below each school: whoever writes,
/// moves or removes results calls in here on its own context and transaction, subtracting the old contribution and
/// adding the new one for every ancestor. Only changed figures are written (a save usually moves a total, a grade and an
/// item or two); new rows go in bulk, so a whole province generated at once costs one insert per figure.
/// </summary>
public static class SubtreeSummaries
{
    /// <summary>Replaces <paramref name="removed"/> results' contribution by <paramref name="added"/>'s, for every ancestor (and the school itself unless a township school).</summary>
    /// <param name="onlyAbove">When set, only ancestors strictly above this path are touched (a move: the subtree's own figures do not change).</param>
    public static async Task ApplyAsync(AppDbContext db, IEnumerable<ResultFigures> removed, IEnumerable<ResultFigures> added,
        CancellationToken cancellationToken = default, string? onlyAbove = null)
    {
        var removedList = removed as IReadOnlyCollection<ResultFigures> ?? removed.ToList();
        var addedList = added as IReadOnlyCollection<ResultFigures> ?? added.ToList();
        if (removedList.Count == 0 && addedList.Count == 0) return;
        var roots = await RootsAsync(db, removedList.Concat(addedList).Select(r => r.SchoolId).Distinct().ToList(), onlyAbove, cancellationToken);
        var tally = new Tally();
        foreach (var result in removedList) tally.Add(result, roots.GetValueOrDefault(result.SchoolId, []), -1);
        foreach (var result in addedList) tally.Add(result, roots.GetValueOrDefault(result.SchoolId, []), +1);
        await WriteAsync(db, tally, cancellationToken);
    }

    /// <summary>
    /// A school and its subtree move under another parent (call before the paths change and again after, with
    /// <paramref name="sign"/> −1 then +1): the subtree's results leave the old ancestors' figures and join the new ones'.
    /// </summary>
    public static async Task MoveAsync(AppDbContext db, string subtreePath, int sign, CancellationToken cancellationToken = default)
    {
        // A top-level school has no ancestors to tell.
        if (subtreePath.Count(c => c == '/') <= 2) return;
        var results = (await ReadAsync(db, db.SchoolResults.Where(r => r.School!.Path.StartsWith(subtreePath)),
            db.SchoolItemResults.Where(i => db.Schools.Any(s => s.Id == i.SchoolId && s.Path.StartsWith(subtreePath))), cancellationToken)).Select(r => r.Figures).ToList();
        await ApplyAsync(db, sign < 0 ? results : [], sign > 0 ? results : [], cancellationToken, onlyAbove: subtreePath);
    }

    /// <summary>A subtree about to be deleted: its results leave its ancestors' figures, and its own figures go.</summary>
    public static async Task RemoveSubtreeAsync(AppDbContext db, string subtreePath, CancellationToken cancellationToken = default)
    {
        await MoveAsync(db, subtreePath, -1, cancellationToken);
        await db.SubtreeFigures.Where(f => db.Schools.Any(s => s.Id == f.RootSchoolId && s.Path.StartsWith(subtreePath))).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Recounts every figure from the stored results (<c>results rebuild</c>, or at start when they are missing).</summary>
    public static async Task<int> RebuildAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.SubtreeFigures.ExecuteDeleteAsync(cancellationToken);
            var paths = await db.Schools.AsNoTracking().Select(s => new { s.Id, s.Path, s.Level }).ToDictionaryAsync(s => s.Id, cancellationToken);
            var roots = paths.ToDictionary(p => p.Key, p => RootsOf(p.Value.Path, p.Value.Level, null));
            var tally = new Tally();
            // A chunk of results at a time, with their missed items read by the results' id range.
            long after = 0;
            while (true)
            {
                var chunk = await ReadAsync(db, db.SchoolResults.Where(r => r.Id > after).OrderBy(r => r.Id).Take(5_000), null, cancellationToken);
                if (chunk.Count == 0) break;
                foreach (var (_, result) in chunk) tally.Add(result, roots.GetValueOrDefault(result.SchoolId, []), +1);
                after = chunk[^1].Id;
            }

            var written = await WriteAsync(db, tally, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return written;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>At start: figures missing beside stored results (a new install of this feature) are counted once.</summary>
    public static async Task RebuildIfMissingAsync(IDbContextFactory<AppDbContext> dbFactory, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SubtreeFigures.AnyAsync(cancellationToken) || !await db.SchoolResults.AnyAsync(cancellationToken)) return;
        var written = await RebuildAsync(db, cancellationToken);
        logger.LogInformation("Subtree figures rebuilt: {Figures} rows", written);
    }

    /// <summary>The ids from the root down to a school, from its path; the school itself left out if it is a township school (it has no subtree).</summary>
    public static IReadOnlyList<int> RootsOf(string path, SchoolLevel level, string? onlyAbove)
    {
        var roots = new List<int>(4);
        var position = 1;
        while (position < path.Length)
        {
            var end = path.IndexOf('/', position);
            if (end < 0) break;
            var prefix = path[..(end + 1)];
            var isSelf = end + 1 == path.Length;
            var keep = (!isSelf || level != SchoolLevel.Township)
                && (onlyAbove is null || (onlyAbove.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length < onlyAbove.Length));
            if (keep) roots.Add(int.Parse(path.AsSpan(position, end - position), CultureInfo.InvariantCulture));
            position = end + 1;
        }

        return roots;
    }

    private static async Task<Dictionary<int, IReadOnlyList<int>>> RootsAsync(AppDbContext db, List<int> schoolIds, string? onlyAbove, CancellationToken cancellationToken)
    {
        var roots = new Dictionary<int, IReadOnlyList<int>>(schoolIds.Count);
        foreach (var chunk in schoolIds.Chunk(5_000))
        {
            var schools = await db.Schools.AsNoTracking().Where(s => chunk.Contains(s.Id)).Select(s => new { s.Id, s.Path, s.Level }).ToListAsync(cancellationToken);
            foreach (var school in schools) roots[school.Id] = RootsOf(school.Path, school.Level, onlyAbove);
        }

        return roots;
    }

    /// <summary>Results with their missed items; the items from <paramref name="items"/>, else by the results' id range (a contiguous chunk).</summary>
    private static async Task<List<(long Id, ResultFigures Figures)>> ReadAsync(AppDbContext db, IQueryable<SchoolResult> query, IQueryable<SchoolItemResult>? items,
        CancellationToken cancellationToken)
    {
        var results = await query.AsNoTracking()
            .Select(r => new { r.Id, r.SchoolId, r.StandardId, r.Year, r.Total, r.GradeCode, r.Passed, r.VetoFailures })
            .ToListAsync(cancellationToken);
        if (results.Count == 0) return [];
        var ids = results.Select(r => r.Id).ToList();
        var (low, high) = (ids.Min(), ids.Max());
        var missed = (await (items ?? db.SchoolItemResults.Where(i => i.SchoolResultId >= low && i.SchoolResultId <= high)).AsNoTracking()
                .Where(i => !i.Met)
                .Select(i => new { i.SchoolResultId, i.ItemCode })
                .ToListAsync(cancellationToken))
            .ToLookup(i => i.SchoolResultId, i => i.ItemCode);
        return results.Select(r => (r.Id, new ResultFigures(r.SchoolId, r.StandardId, r.Year, r.Total, r.GradeCode, r.Passed, r.VetoFailures > 0,
            missed[r.Id].ToList()))).ToList();
    }

    /// <summary>Writes the tally's changes: an increment for figures that exist, one bulk insert for the new ones.</summary>
    private static async Task<int> WriteAsync(AppDbContext db, Tally tally, CancellationToken cancellationToken)
    {
        var changes = tally.Changes.Where(c => c.Value.Count != 0 || c.Value.Sum != 0).ToList();
        if (changes.Count == 0) return 0;
        var rootIds = changes.Select(c => c.Key.Root).Distinct().ToList();
        var standardIds = changes.Select(c => c.Key.StandardId).Distinct().ToList();
        var years = changes.Select(c => c.Key.Year).Distinct().ToList();
        var existing = new Dictionary<(int, string, int, string), long>();
        foreach (var chunk in rootIds.Chunk(2_000))
        {
            var rows = await db.SubtreeFigures.AsNoTracking()
                .Where(f => chunk.Contains(f.RootSchoolId) && standardIds.Contains(f.StandardId) && years.Contains(f.Year))
                .Select(f => new { f.Id, f.RootSchoolId, f.StandardId, f.Year, f.Key })
                .ToListAsync(cancellationToken);
            foreach (var row in rows) existing[(row.RootSchoolId, row.StandardId, row.Year, row.Key)] = row.Id;
        }

        var fresh = new List<SubtreeFigure>();
        foreach (var (key, (count, sum)) in changes)
        {
            if (existing.TryGetValue(key, out var id))
            {
                // An increment in SQL, never a read-modify-write: two recordings of different schools under one county both count.
                await db.SubtreeFigures.Where(f => f.Id == id)
                    .ExecuteUpdateAsync(u => u.SetProperty(f => f.Count, f => f.Count + count).SetProperty(f => f.Sum, f => f.Sum + sum), cancellationToken);
            }
            else
            {
                fresh.Add(new SubtreeFigure { RootSchoolId = key.Root, StandardId = key.StandardId, Year = key.Year, Key = key.Key, Count = count, Sum = sum });
            }
        }

        await BulkInsert.InsertAsync(db, fresh, cancellationToken);
        return changes.Count;
    }

    /// <summary>Figure changes per (root, standard, year, key), summed in memory before anything is written.</summary>
    private sealed class Tally
    {
        public Dictionary<(int Root, string StandardId, int Year, string Key), (int Count, decimal Sum)> Changes { get; } = new();

        public void Add(ResultFigures result, IReadOnlyList<int> roots, int sign)
        {
            foreach (var root in roots)
            {
                Bump(root, result, SubtreeFigure.Schools, sign, result.Total * sign);
                if (result.Passed) Bump(root, result, SubtreeFigure.Passed, sign, 0);
                if (result.Vetoed) Bump(root, result, SubtreeFigure.Vetoed, sign, 0);
                Bump(root, result, SubtreeFigure.GradePrefix + result.GradeCode, sign, 0);
                foreach (var item in result.MissedItems) Bump(root, result, SubtreeFigure.ItemPrefix + item, sign, 0);
            }
        }

        private void Bump(int root, ResultFigures result, string key, int count, decimal sum)
        {
            var at = (root, result.StandardId, result.Year, key);
            var (c, s) = Changes.GetValueOrDefault(at);
            Changes[at] = (c + count, s + sum);
        }
    }
}
