using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Standings;

/// <summary>What a recording or a rebuild did.</summary>
public sealed record ResultCounts(int SchoolYears, int Results, int Items, int Removed)
{
    public static ResultCounts None { get; } = new(0, 0, 0, 0);

    public ResultCounts Plus(ResultCounts other) =>
        new(SchoolYears + other.SchoolYears, Results + other.Results, Items + other.Items, Removed + other.Removed);
}

/// <summary>
/// Keeps <see cref="SchoolResult"/> in step with the yearly data: a school-year is scored against every standard of
/// the school's level (<see cref="SchoolStandards"/>) by the same engine as the pages, and its rows replaced.
/// Standards are read at start, so after editing seed-data run <c>results rebuild</c>.
/// </summary>
public sealed class ResultRecorder(
    IDbContextFactory<AppDbContext> dbFactory, StandardLibrary library, SchoolStandards standards, TimeProvider clock, ILogger<ResultRecorder> logger)
{
    /// <summary>School-years per round trip: their values are read in one query and their rows written in one SaveChanges.</summary>
    private const int ChunkSize = 200;

    /// <summary>Records one school-year in its own transaction (after a field is saved).</summary>
    public async Task RecordAsync(int schoolId, int year, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await RecordAsync(db, [(schoolId, year)], cancellationToken);
    }

    /// <summary>
    /// Records many school-years on the caller's context, inside its transaction if it has one (else in one of its own).
    /// Values are read a chunk at a time, never the whole table. The context's change tracker is cleared after each chunk.
    /// </summary>
    public async Task<ResultCounts> RecordAsync(AppDbContext db, IReadOnlyCollection<(int SchoolId, int Year)> pairs, CancellationToken cancellationToken = default)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var counts = ResultCounts.None;
            var (removed, added) = (new List<ResultFigures>(), new List<ResultFigures>());
            // Ordered by school, so a chunk holds few schools with all their years.
            foreach (var chunk in pairs.Distinct().OrderBy(p => p.SchoolId).ThenBy(p => p.Year).Chunk(ChunkSize))
                counts = counts.Plus(await RecordChunkAsync(db, chunk, removed, added, cancellationToken));

            // A township's new result changes its county's derived values (e.g. the share of 六个有 达标): the county follows.
            var parents = await ParentsOfTownshipsAsync(db, pairs, cancellationToken);
            foreach (var chunk in parents.Chunk(ChunkSize))
                counts = counts.Plus(await RecordChunkAsync(db, chunk, removed, added, cancellationToken));

            // The subtree figures the dashboards read move with the results, in the same transaction.
            await SubtreeSummaries.ApplyAsync(db, removed, added, cancellationToken);
            if (own is not null) await own.CommitAsync(cancellationToken);
            return counts;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    /// <summary>Recomputes every school-year that has values and removes the results of those that have none.</summary>
    public async Task<ResultCounts> RebuildAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pairs = (await db.YearlyIndicatorValues.Select(v => new { v.SchoolId, v.Year }).Distinct().ToListAsync(cancellationToken))
            .Select(p => (p.SchoolId, p.Year)).ToList();

        var counts = ResultCounts.None;
        // A transaction per chunk: a rebuild on a running app holds the writer lock only briefly at a time.
        foreach (var chunk in pairs.OrderBy(p => p.SchoolId).ThenBy(p => p.Year).Chunk(ChunkSize * 5))
            counts = counts.Plus(await RecordAsync(db, chunk, cancellationToken));

        await db.SchoolItemResults
            .Where(i => !db.YearlyIndicatorValues.Any(v => v.SchoolId == i.SchoolId && v.Year == i.Year))
            .ExecuteDeleteAsync(cancellationToken);
        var orphans = await db.SchoolResults
            .Where(r => !db.YearlyIndicatorValues.Any(v => v.SchoolId == r.SchoolId && v.Year == r.Year))
            .ExecuteDeleteAsync(cancellationToken);
        // Orphans went without their figures being taken back: the subtree figures are recounted whole.
        await SubtreeSummaries.RebuildAsync(db, cancellationToken);
        return counts with { Removed = counts.Removed + orphans };
    }

    /// <summary>At start: an empty results table beside stored values (a new install of this feature, or a wiped table) is rebuilt.</summary>
    public async Task RebuildIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (await db.SchoolResults.AnyAsync(cancellationToken) || !await db.YearlyIndicatorValues.AnyAsync(cancellationToken)) return;
        }

        var counts = await RebuildAsync(cancellationToken);
        logger.LogInformation("Results rebuilt: {SchoolYears} school-years, {Results} results", counts.SchoolYears, counts.Results);
    }

    /// <summary>The (school, year) pairs above the township schools among the pairs, where the catalogue derives anything.</summary>
    public async Task<List<(int SchoolId, int Year)>> ParentsOfTownshipsAsync(AppDbContext db, IReadOnlyCollection<(int SchoolId, int Year)> pairs,
        CancellationToken cancellationToken)
    {
        if (!library.Indicators.All.Any(i => i.IsDerived)) return [];
        var ids = pairs.Select(p => p.SchoolId).Distinct().ToList();
        var parentOf = await db.Schools.AsNoTracking()
            .Where(s => ids.Contains(s.Id) && s.Level == SchoolLevel.Township && s.ParentId != null)
            .ToDictionaryAsync(s => s.Id, s => s.ParentId!.Value, cancellationToken);
        return pairs.Where(p => parentOf.ContainsKey(p.SchoolId)).Select(p => (parentOf[p.SchoolId], p.Year))
            .Distinct().OrderBy(p => p.Item1).ThenBy(p => p.Year).ToList();
    }

    private async Task<ResultCounts> RecordChunkAsync(AppDbContext db, (int SchoolId, int Year)[] chunk, List<ResultFigures> removed, List<ResultFigures> added,
        CancellationToken cancellationToken)
    {
        var schoolIds = chunk.Select(p => p.SchoolId).Distinct().ToList();
        var years = chunk.Select(p => p.Year).Distinct().ToList();
        var wanted = chunk.ToHashSet();
        var levels = await db.Schools.AsNoTracking().Where(s => schoolIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Level, cancellationToken);
        // Schools × years may cover pairs not asked for; those are filtered out here, not recomputed.
        var values = (await db.YearlyIndicatorValues.AsNoTracking()
                .Where(v => schoolIds.Contains(v.SchoolId) && years.Contains(v.Year))
                .Select(v => new { v.SchoolId, v.Year, v.IndicatorKey, v.Number, v.Flag })
                .ToListAsync(cancellationToken))
            .Where(v => wanted.Contains((v.SchoolId, v.Year)))
            .ToLookup(v => (v.SchoolId, v.Year));
        var existingRows = (await db.SchoolResults.AsNoTracking()
                .Where(r => schoolIds.Contains(r.SchoolId) && years.Contains(r.Year))
                .Select(r => new { r.Id, r.SchoolId, r.StandardId, r.Year, r.Total, r.GradeCode, r.Passed, r.VetoFailures })
                .ToListAsync(cancellationToken))
            .Where(r => wanted.Contains((r.SchoolId, r.Year)))
            .ToList();
        if (existingRows.Count > 0)
        {
            // What the results about to be replaced counted for, so the subtree figures can take it back.
            var oldIds = existingRows.Select(r => r.Id).ToList();
            var missed = (await db.SchoolItemResults.AsNoTracking().Where(i => oldIds.Contains(i.SchoolResultId) && !i.Met)
                .Select(i => new { i.SchoolResultId, i.ItemCode }).ToListAsync(cancellationToken)).ToLookup(i => i.SchoolResultId, i => i.ItemCode);
            removed.AddRange(existingRows.Select(r => new ResultFigures(r.SchoolId, r.StandardId, r.Year, r.Total, r.GradeCode, r.Passed, r.VetoFailures > 0, missed[r.Id].ToList())));
        }

        var existing = existingRows.ToDictionary(r => (r.SchoolId, r.StandardId, r.Year), r => r.Id);

        var derived = await TownshipRollup.ComputeAsync(db, library.Indicators, chunk, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var fresh = new List<SchoolResult>();
        var standardsOf = new Dictionary<SchoolLevel, IReadOnlyList<Standard>>();
        var schoolYears = 0;
        foreach (var (schoolId, year) in chunk)
        {
            var rows = values[(schoolId, year)].ToList();
            // Nothing entered is not a score of 0: such a school-year has no results at all.
            if (rows.Count == 0 || !levels.TryGetValue(schoolId, out var level)) continue;
            schoolYears++;
            var scored = Score(schoolId, year, standardsOf.TryGetValue(level, out var list) ? list : standardsOf[level] = standards.For(level), library.Indicators,
                rows.Select(r => (r.IndicatorKey, r.Number, r.Flag)), derived.GetValueOrDefault((schoolId, year)), now);
            foreach (var result in scored)
            {
                if (existing.Remove((schoolId, result.StandardId, year), out var id)) result.Id = id;
                fresh.Add(result);
            }
        }

        added.AddRange(fresh.Select(ResultFigures.Of));

        // Items are replaced whole; results keep their id where they existed, and those no longer due go.
        var previousIds = fresh.Where(r => r.Id != 0).Select(r => r.Id).Concat(existing.Values).ToList();
        if (previousIds.Count > 0)
            await db.SchoolItemResults.Where(i => previousIds.Contains(i.SchoolResultId)).ExecuteDeleteAsync(cancellationToken);
        var stale = existing.Values.ToList();
        if (stale.Count > 0) await db.SchoolResults.Where(r => stale.Contains(r.Id)).ExecuteDeleteAsync(cancellationToken);

        // Results through EF (their ids are needed; Update works whatever the tracker's settings), their items in bulk.
        var items = new List<(SchoolResult Result, List<SchoolItemResult> Items)>(fresh.Count);
        foreach (var result in fresh)
        {
            items.Add((result, result.Items));
            result.Items = [];
            if (result.Id == 0) db.SchoolResults.Add(result);
            else db.SchoolResults.Update(result);
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        foreach (var (result, list) in items)
        {
            foreach (var item in list) item.SchoolResultId = result.Id;
            result.Items = list;
        }

        var written = await BulkInsert.InsertAsync(db, items.SelectMany(i => i.Items), cancellationToken);
        return new ResultCounts(schoolYears, fresh.Count, written, stale.Count);
    }

    /// <summary>
    /// One school-year's results as a recording stores them, from its stored values and its derived ones (null: none),
    /// scored by the engine against the standards of the school's level with its indicators checked once. Pure: the
    /// demo generator scores a whole province through here without a round trip.
    /// </summary>
    public static List<SchoolResult> Score(int schoolId, int year, IReadOnlyList<Standard> standards, IndicatorCatalog catalog,
        IEnumerable<(string Key, decimal? Number, bool? Flag)> stored, IReadOnlyDictionary<string, IndicatorValue>? derived, DateTime computedAtUtc)
    {
        var data = SchoolData.OfIndicators(SchoolDataValidator.Usable(catalog, TownshipRollup.WithDerived(catalog, Usable(catalog, stored), derived)));
        var scores = ScoringEngine.Score(standards, catalog, data);
        var results = new List<SchoolResult>(scores.Count);
        foreach (var score in scores) results.Add(Build(schoolId, year, score, computedAtUtc));
        return results;
    }

    /// <summary>
    /// The stored values the catalogue still accepts. A value stored under rules since changed (a key removed, a bound
    /// narrowed, a relation added) counts as not entered rather than stopping the school's whole result.
    /// </summary>
    private static CheckedIndicators Usable(IndicatorCatalog catalog, IEnumerable<(string Key, decimal? Number, bool? Flag)> values) =>
        SchoolDataValidator.Usable(catalog, values
            .Where(v => v.Flag is not null || v.Number is not null)
            .Select(v => KeyValuePair.Create(v.Key, v.Flag is { } f ? IndicatorValue.Of(f) : IndicatorValue.Of(v.Number!.Value))));

    /// <summary>The stored form of one engine result: totals, grade, dimensions as JSON, and every item. Pure.</summary>
    public static SchoolResult Build(int schoolId, int year, ScoreResult score, DateTime computedAtUtc)
    {
        var standardId = score.Standard.Id;
        return new SchoolResult
        {
            SchoolId = schoolId,
            StandardId = standardId,
            Year = year,
            Total = score.Total,
            Max = score.Max,
            GradeCode = score.Grade.Code,
            GradeName = score.Grade.Name,
            Passed = score.Passed,
            VetoFailures = score.VetoFailures.Count,
            ItemsMissing = score.Items.Count(i => i.Status == ItemStatus.Missing),
            Dimensions = DimensionScore.Write(score.Dimensions.Select(d =>
                new DimensionScore(d.Code, d.Dimension.Name, Trim(d.Score), Trim(d.Max), d.Failed))),
            ComputedAtUtc = computedAtUtc,
            Items = score.Items.Select(i => new SchoolItemResult
            {
                SchoolId = schoolId,
                StandardId = standardId,
                Year = year,
                ItemCode = i.Code,
                Score = i.Score,
                Lost = i.Lost,
                Met = i.Status == ItemStatus.Met,
                Veto = i.Item.Veto,
            }).ToList(),
        };
    }

    /// <summary>10.50 → 10.5: the JSON reads as a person would write it.</summary>
    private static decimal Trim(decimal value) => value / 1.0000000000000000000000000000m;
}
