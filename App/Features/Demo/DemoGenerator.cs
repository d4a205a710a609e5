using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Demo;

public sealed record DemoOptions(int Schools, int Years, int Seed = 42, bool Replace = false);

/// <summary>What a generation wrote; <see cref="AlreadyGenerated"/>: nothing, the generated root exists and no replace was asked.</summary>
public sealed record DemoOutcome(
    bool AlreadyGenerated, int RootId, IReadOnlyDictionary<SchoolLevel, int> Schools, int FirstYear, int LastYear, int Values,
    ResultCounts Results, int Assessments, bool Replaced, int UsersUnbound, string? SupervisorPassword, TimeSpan Elapsed)
{
    public static DemoOutcome Refused { get; } = new(true, 0, new Dictionary<SchoolLevel, int>(), 0, 0, 0, ResultCounts.None, 0, false, 0, null, TimeSpan.Zero);
}

/// <summary>
/// <c>demo generate</c>: a demo-scale school tree with years of indicators, their results and some assessments, made
/// from a seed (<see cref="DemoPlan"/>) rather than shipped. Written in one transaction, without the audit trail
/// (generated data is no one's change) and without change detection; the schools, values, results, their items and the
/// subtree figures in bulk (<see cref="BulkInsert"/>), each school-year scored once in memory.
/// </summary>
public sealed class DemoGenerator(
    IDbContextFactory<AppDbContext> dbFactory, StandardLibrary library, SchoolStandards standards,
    UserManager<ApplicationUser> users, TimeProvider clock)
{
    public const string SupervisorUserName = "gen-supervisor";

    /// <summary>The name stored as who entered the generated values.</summary>
    public const string GeneratedBy = "(演示数据生成)";

    private const int ValueBatch = 20_000;

    /// <summary>Results per bulk write (with their items, ~30 each).</summary>
    private const int ResultBatch = 3_000;

    internal const double CountyLift = 0.3;

    /// <summary>
    /// The tables written in bulk whose indexes no step of the generation reads: the results' own indexes stay, as each
    /// flush reads the new results' ids back by school.
    /// </summary>
    private static readonly string[] BulkTables = ["YearlyIndicatorValues", "SchoolItemResults", "SubtreeFigures"];

    public async Task<DemoOutcome> GenerateAsync(DemoOptions options, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var lastYear = clock.GetUtcNow().Year - 1;
        var firstYear = lastYear - options.Years + 1;
        var tree = DemoPlan.Tree(options.Schools, options.Seed);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.SkipAudit = true;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var previous = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.ParentId == null && s.Name == DemoPlan.RootName, cancellationToken);
        if (previous is not null && !options.Replace) return DemoOutcome.Refused;
        var unbound = previous is null ? 0 : await RemoveSubtreeAsync(db, previous.Path, cancellationToken);

        var ids = await InsertTreeAsync(db, tree, now, cancellationToken);

        // Into empty tables (a new database), their indexes are built once at the end rather than row by row.
        await using var load = await SqliteBulkLoad.BeginAsync(db, BulkTables, cancellationToken);

        // County rules give at most half the points short of a target, so county schools are drawn nearer their targets:
        // both levels then spread over the grades alike.
        var byLevel = Enum.GetValues<SchoolLevel>().ToDictionary(l => l, l => new DemoIndicators(standards.For(l), library.Indicators, l == SchoolLevel.County ? CountyLift : 0));

        var (written, recorded, latest) = await AddYearsAsync(db, tree, ids, byLevel, options, firstYear, now, cancellationToken);
        var assessments = await AddAssessmentsAsync(db, tree, ids, latest, byLevel, options.Seed, lastYear, now, cancellationToken);
        await load.CompleteAsync(cancellationToken);

        var rootId = ids[0];
        var supervisorBound = await db.Users.Where(u => u.UserName == SupervisorUserName)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.SchoolId, rootId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // Identity writes through its own context: only once the tree is committed (SQLite has one writer at a time).
        string? password = null;
        if (supervisorBound == 0)
        {
            password = OneTimePassword.Generate();
            var supervisor = new ApplicationUser { UserName = SupervisorUserName, DisplayName = $"{DemoPlan.RootName} 督导员", SchoolId = rootId, IsDemo = true };
            AccountSetup.Check(await users.CreateAsync(supervisor, password), SupervisorUserName);
            AccountSetup.Check(await users.AddToRoleAsync(supervisor, AppRole.Supervisor), $"{SupervisorUserName} role");
        }

        var counts = tree.GroupBy(s => s.Level).ToDictionary(g => g.Key, g => g.Count());
        return new DemoOutcome(false, rootId, counts, firstYear, lastYear, written, recorded, assessments, previous is not null, unbound, password, watch.Elapsed);
    }

    /// <summary>
    /// Removes a previously generated subtree: its assessments, results and values, then the schools bottom-up. Returns how
    /// many accounts other than gen-supervisor were bound to it (now unbound).
    /// </summary>
    private static async Task<int> RemoveSubtreeAsync(AppDbContext db, string path, CancellationToken cancellationToken)
    {
        var subtree = db.Schools.Where(s => s.Path.StartsWith(path));
        // Accounts bound to a school that goes are unbound, not deleted; gen-supervisor is bound again to the new root.
        var bound = db.Users.Where(u => u.SchoolId != null && subtree.Any(s => s.Id == u.SchoolId));
        var others = await bound.CountAsync(u => u.UserName != SupervisorUserName, cancellationToken);
        await bound.ExecuteUpdateAsync(u => u.SetProperty(x => x.SchoolId, (int?)null), cancellationToken);
        await SubtreeSummaries.RemoveSubtreeAsync(db, path, cancellationToken);
        // Assessments take their team, item scores, evidence rows and plans with them (cascade).
        await db.Assessments.Where(a => subtree.Any(s => s.Id == a.SchoolId)).ExecuteDeleteAsync(cancellationToken);
        await db.SchoolItemResults.Where(i => subtree.Any(s => s.Id == i.SchoolId)).ExecuteDeleteAsync(cancellationToken);
        await db.SchoolResults.Where(r => subtree.Any(s => s.Id == r.SchoolId)).ExecuteDeleteAsync(cancellationToken);
        await db.YearlyIndicatorValues.Where(v => subtree.Any(s => s.Id == v.SchoolId)).ExecuteDeleteAsync(cancellationToken);
        // Children before parents: a parent is never deleted from under a child.
        foreach (var level in Enum.GetValues<SchoolLevel>().OrderDescending())
            await subtree.Where(s => s.Level == level).ExecuteDeleteAsync(cancellationToken);
        return others;
    }

    /// <summary>
    /// Inserts the tree a level at a time, in bulk: each school first under a provisional path that names it, so the ids
    /// the database gave are read back by that path (the next level needs them as parents); then, every id known, the
    /// real paths (a school's path holds its own id) are set in one prepared update per school.
    /// </summary>
    private static async Task<int[]> InsertTreeAsync(AppDbContext db, IReadOnlyList<DemoSchool> tree, DateTime now,
        CancellationToken cancellationToken)
    {
        var (ids, paths) = (new int[tree.Count], new string[tree.Count]);
        // Unlike any real path (those start with '/'), and unique to this run.
        var provisional = $"~{Guid.NewGuid():N}~";
        foreach (var level in tree.GroupBy(s => s.Level).OrderBy(g => g.Key))
        {
            await BulkInsert.InsertAsync(db, level.Select(node => new School
            {
                Name = node.Name, Level = node.Level, Region = node.Region, ParentId = node.ParentIndex is { } p ? ids[p] : null,
                Path = provisional + node.Index.ToString(CultureInfo.InvariantCulture), IsDemo = true, CreatedAtUtc = now, UpdatedAtUtc = now,
            }), cancellationToken);
            var inserted = await db.Schools.AsNoTracking().Where(s => s.Path.StartsWith(provisional)).Select(s => new { s.Id, s.Path }).ToListAsync(cancellationToken);
            foreach (var school in inserted) ids[int.Parse(school.Path.AsSpan(provisional.Length), CultureInfo.InvariantCulture)] = school.Id;
            // The level is placed: its real paths go in now, so the next level's read-back sees only itself.
            foreach (var node in level) paths[node.Index] = School.PathUnder(node.ParentIndex is { } p ? paths[p] : null, ids[node.Index]);
            await BulkInsert.UpdateAsync(db, (School s) => s.Path, level.Select(node => (ids[node.Index], paths[node.Index])), cancellationToken);
        }

        return ids;
    }

    /// <summary>
    /// Every school's indicators for every year and the results a recording would store for them, scored here in memory
    /// (<see cref="ResultRecorder.Score"/>, the same engine and the same derived values) and written in bulk; township
    /// schools first, so a county's derived values (its township schools that passed, that answered yes) are counted as
    /// they are scored. The subtree figures are then tallied once for the whole province. Returns the values written,
    /// the results, and the county schools' latest values (the assessments' submitted data).
    /// </summary>
    private async Task<(int Values, ResultCounts Results, Dictionary<int, IReadOnlyDictionary<string, IndicatorValue>> Latest)> AddYearsAsync(
        AppDbContext db, IReadOnlyList<DemoSchool> tree, int[] ids, IReadOnlyDictionary<SchoolLevel, DemoIndicators> byLevel, DemoOptions options,
        int firstYear, DateTime now, CancellationToken cancellationToken)
    {
        var catalog = library.Indicators;
        var passing = catalog.All.Select(i => i.Derived?.Passing).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var flags = catalog.All.Select(i => i.Derived?.With).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var townshipsUnder = tree.Where(s => s.Level == SchoolLevel.Township && s.ParentIndex is not null)
            .GroupBy(s => s.ParentIndex!.Value).ToDictionary(g => g.Key, g => g.Count());
        var passedUnder = new Dictionary<(int Parent, int Year, string StandardId), int>();
        var flaggedUnder = new Dictionary<(int Parent, int Year, string Key), int>();

        var latest = new Dictionary<int, IReadOnlyDictionary<string, IndicatorValue>>();
        var values = new List<YearlyIndicatorValue>(ValueBatch);
        var results = new List<SchoolResult>(ResultBatch);
        var figures = new List<ResultFigures>();
        var (written, schoolYears, resultCount, items) = (0, 0, 0, 0);
        foreach (var school in tree.OrderByDescending(s => s.Level).ThenBy(s => s.Index))
        {
            var id = ids[school.Index];
            for (var y = 0; y < options.Years; y++)
            {
                var entered = DemoPlan.Values(options.Seed, school.Index, y, options.Years, byLevel[school.Level]);
                if (entered.Count == 0) continue;
                var year = firstYear + y;
                if (y == options.Years - 1 && school.Level == SchoolLevel.County) latest[school.Index] = entered;
                foreach (var (key, value) in entered)
                {
                    values.Add(new YearlyIndicatorValue
                    {
                        SchoolId = id, Year = year, IndicatorKey = key, Number = value.Number, Flag = value.Flag, UpdatedAtUtc = now, UpdatedBy = GeneratedBy,
                    });
                }

                var derived = townshipsUnder.TryGetValue(school.Index, out var townships)
                    ? TownshipRollup.Derive(catalog, townships,
                        standard => passedUnder.GetValueOrDefault((school.Index, year, standard)), flag => flaggedUnder.GetValueOrDefault((school.Index, year, flag)))
                    : null;
                var scored = ResultRecorder.Score(id, year, byLevel[school.Level].Standards, catalog,
                    entered.Select(v => (v.Key, v.Value.Number, v.Value.Flag)), derived, now);
                schoolYears++;
                results.AddRange(scored);
                figures.AddRange(scored.Select(ResultFigures.Of));

                // What the township school counts for its parent's derived values.
                if (school.Level == SchoolLevel.Township && school.ParentIndex is { } parent)
                {
                    foreach (var result in scored.Where(r => r.Passed && passing.Contains(r.StandardId)))
                        passedUnder[(parent, year, result.StandardId)] = passedUnder.GetValueOrDefault((parent, year, result.StandardId)) + 1;
                    foreach (var (key, _) in entered.Where(v => v.Value.Flag == true && flags.Contains(v.Key)))
                        flaggedUnder[(parent, year, key)] = flaggedUnder.GetValueOrDefault((parent, year, key)) + 1;
                }
            }

            // Between schools, so a flush holds every year of the schools it writes.
            if (values.Count >= ValueBatch) written += await FlushAsync(db, values, cancellationToken);
            if (results.Count >= ResultBatch)
            {
                resultCount += results.Count;
                items += await FlushResultsAsync(db, results, cancellationToken);
            }
        }

        written += await FlushAsync(db, values, cancellationToken);
        resultCount += results.Count;
        items += await FlushResultsAsync(db, results, cancellationToken);

        // Every figure is new (the generated root is a root of its own): one tally, one bulk insert, as a recording does.
        await SubtreeSummaries.ApplyAsync(db, [], figures, cancellationToken);
        return (written, new ResultCounts(schoolYears, resultCount, items, 0), latest);
    }

    /// <summary>Writes results in bulk, reads back the ids the database gave them (by school), then their items in bulk.</summary>
    private static async Task<int> FlushResultsAsync(AppDbContext db, List<SchoolResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0) return 0;
        await BulkInsert.InsertAsync(db, results, cancellationToken);
        var schoolIds = results.Select(r => r.SchoolId).Distinct().ToList();
        var idOf = await db.SchoolResults.AsNoTracking().Where(r => schoolIds.Contains(r.SchoolId))
            .Select(r => new { r.Id, r.SchoolId, r.StandardId, r.Year })
            .ToDictionaryAsync(r => (r.SchoolId, r.StandardId, r.Year), r => r.Id, cancellationToken);
        foreach (var result in results)
        {
            var id = idOf[(result.SchoolId, result.StandardId, result.Year)];
            foreach (var item in result.Items) item.SchoolResultId = id;
        }

        var written = await BulkInsert.InsertAsync(db, results.SelectMany(r => r.Items), cancellationToken);
        results.Clear();
        return written;
    }

    private static async Task<int> FlushAsync(AppDbContext db, List<YearlyIndicatorValue> batch, CancellationToken cancellationToken)
    {
        var count = await BulkInsert.InsertAsync(db, batch, cancellationToken);
        batch.Clear();
        return count;
    }

    /// <summary>
    /// Assessments of some county schools in the latest year, spread over every state, pinned to the standard version the
    /// app recorded at start. Submitted ones carry the data as submitted; those past the feedback carry a final result.
    /// </summary>
    private async Task<int> AddAssessmentsAsync(
        AppDbContext db, IReadOnlyList<DemoSchool> tree, int[] ids, IReadOnlyDictionary<int, IReadOnlyDictionary<string, IndicatorValue>> latest,
        IReadOnlyDictionary<SchoolLevel, DemoIndicators> byLevel, int seed, int year, DateTime now, CancellationToken cancellationToken)
    {
        var versions = (await db.StandardVersions.AsNoTracking().Select(v => new { v.Id, v.StandardId }).ToListAsync(cancellationToken))
            .GroupBy(v => v.StandardId).ToDictionary(g => g.Key, g => g.Max(v => v.Id));
        var states = Enum.GetValues<AssessmentState>();
        var added = new List<Assessment>();
        foreach (var school in tree.Where(s => s.Level == SchoolLevel.County && latest.ContainsKey(s.Index)))
        {
            foreach (var standard in byLevel[school.Level].Standards)
            {
                // Most counties are evaluated by the province's rules; fewer apply for the optimized-development class.
                var share = standard.Kind == StandardKind.Evaluation ? 0.6 : 0.25;
                if (Draw.Uniform(seed, school.Index, $"assess:{standard.Id}") >= share || !versions.TryGetValue(standard.Id, out var version)) continue;
                var state = states[(int)(Draw.Uniform(seed, school.Index, $"state:{standard.Id}") * states.Length)];
                var data = latest[school.Index];
                var assessment = new Assessment
                {
                    SchoolId = ids[school.Index], StandardId = standard.Id, StandardVersionId = version, Year = year, State = state,
                    CreatedAtUtc = now.AddDays(-Math.Round(Draw.Uniform(seed, school.Index, $"created:{standard.Id}") * 200)),
                    CreatedBy = SupervisorUserName,
                };
                if (state >= AssessmentState.Submitted)
                {
                    var indicators = data.ToDictionary(v => v.Key, v => v.Value.Flag is { } f ? (object)f : v.Value.Number!.Value);
                    assessment.SubmittedData = JsonSerializer.Serialize(new { indicators });
                }

                if (state >= AssessmentState.FeedbackIssued)
                {
                    var result = ScoringEngine.Score(standard, library.Indicators, SchoolData.OfIndicators(data));
                    (assessment.FinalTotal, assessment.FinalGrade) = (result.Total, result.Grade.Code);
                    assessment.Conclusion = $"(演示数据)评估组按提交数据评定:{result.Total} 分,{result.Grade.Name}。";
                }

                added.Add(assessment);
            }
        }

        db.Assessments.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);

        // From 整改中 on, an assessment has its plan and ledger, with lines in every status, so every document can be printed.
        var today = DateOnly.FromDateTime(now);
        foreach (var assessment in added.Where(a => a.State >= AssessmentState.Rectification))
        {
            var standard = byLevel[SchoolLevel.County].Standards.First(s => s.Id == assessment.StandardId);
            var data = SchoolData.OfIndicators(latest[Array.IndexOf(ids, assessment.SchoolId)]);
            db.RectificationPlans.Add(DemoLedger.Plan(assessment, standard, library.Indicators, data, today, now));
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return added.Count;
    }
}
