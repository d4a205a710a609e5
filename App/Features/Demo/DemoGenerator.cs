using System.Diagnostics;
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
/// (generated data is no one's change) and without change detection; the values in bulk (<see cref="BulkInsert"/>).
/// </summary>
public sealed class DemoGenerator(
    IDbContextFactory<AppDbContext> dbFactory, StandardLibrary library, SchoolStandards standards, ResultRecorder results,
    UserManager<ApplicationUser> users, TimeProvider clock)
{
    public const string SupervisorUserName = "gen-supervisor";

    /// <summary>The name stored as who entered the generated values.</summary>
    public const string GeneratedBy = "(演示数据生成)";

    private const int ValueBatch = 20_000;

    internal const double CountyLift = 0.3;

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

        // County rules give at most half the points short of a target, so county schools are drawn nearer their targets:
        // both levels then spread over the grades alike.
        var byLevel = Enum.GetValues<SchoolLevel>().ToDictionary(l => l, l => new DemoIndicators(standards.For(l), library.Indicators, l == SchoolLevel.County ? CountyLift : 0));

        // Values school by school, in bulk; the latest year's are kept for the assessments' submitted data.
        var pairs = new List<(int SchoolId, int Year)>();
        var latest = new Dictionary<int, IReadOnlyDictionary<string, IndicatorValue>>();
        var batch = new List<YearlyIndicatorValue>(ValueBatch);
        var written = 0;
        foreach (var school in tree)
        {
            for (var y = 0; y < options.Years; y++)
            {
                var values = DemoPlan.Values(options.Seed, school.Index, y, options.Years, byLevel[school.Level]);
                if (values.Count == 0) continue;
                var year = firstYear + y;
                pairs.Add((ids[school.Index], year));
                if (y == options.Years - 1) latest[school.Index] = values;
                foreach (var (key, value) in values)
                {
                    batch.Add(new YearlyIndicatorValue
                    {
                        SchoolId = ids[school.Index], Year = year, IndicatorKey = key, Number = value.Number, Flag = value.Flag,
                        UpdatedAtUtc = now, UpdatedBy = GeneratedBy,
                    });
                }

                if (batch.Count >= ValueBatch) written += await FlushAsync(db, batch, cancellationToken);
            }
        }

        written += await FlushAsync(db, batch, cancellationToken);
        var recorded = await results.RecordAsync(db, pairs, cancellationToken);
        var assessments = await AddAssessmentsAsync(db, tree, ids, latest, byLevel, options.Seed, lastYear, now, cancellationToken);

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

    /// <summary>Inserts the tree a level at a time (a school's path holds its own id, so paths follow each level's insert).</summary>
    private static async Task<int[]> InsertTreeAsync(AppDbContext db, IReadOnlyList<DemoSchool> tree, DateTime now, CancellationToken cancellationToken)
    {
        var entities = new School[tree.Count];
        foreach (var level in tree.GroupBy(s => s.Level).OrderBy(g => g.Key))
        {
            foreach (var node in level)
            {
                entities[node.Index] = new School
                {
                    Name = node.Name, Level = node.Level, Region = node.Region, ParentId = node.ParentIndex is { } p ? entities[p].Id : null,
                    IsDemo = true, CreatedAtUtc = now, UpdatedAtUtc = now,
                };
                db.Schools.Add(entities[node.Index]);
            }

            await db.SaveChangesAsync(cancellationToken);
            foreach (var node in level)
            {
                entities[node.Index].Path = School.PathUnder(node.ParentIndex is { } p ? entities[p].Path : null, entities[node.Index].Id);
                db.Entry(entities[node.Index]).Property(s => s.Path).IsModified = true;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return entities.Select(s => s.Id).ToArray();
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
