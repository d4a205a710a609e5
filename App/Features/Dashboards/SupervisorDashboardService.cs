using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Dashboards;

/// <summary>What the supervisor's dashboard shows: one standard, one year, and the filters on its subtree.</summary>
public sealed record DashboardFilter(
    string? StandardId = null, int? Year = null, SchoolLevel? Level = null, string? Region = null, string? Grade = null,
    string? State = null, string Sort = "total", bool Descending = true, int Page = 1, int PageSize = 20, int? RootId = null)
{
    /// <summary>The filter value for schools with no assessment of the standard and year yet.</summary>
    public const string NotStarted = "none";

    public static readonly string[] Sorts = ["total", "name", "region", "vetoes"];
}

public sealed record RankingRow(
    int SchoolId, string Name, string Region, SchoolLevel Level, decimal Total, decimal Max, string GradeCode, string GradeName, bool Passed,
    int VetoFailures, AssessmentState? State, string Dimensions)
{
    /// <summary>The issued result of the school's assessment of this standard and year (总分 and 等级 of the feedback), if there is one.</summary>
    public decimal? IssuedTotal { get; init; }

    public string? IssuedGrade { get; init; }
}

public sealed record GradeCount(string Code, string Name, int Count);

/// <summary>A requirement the schools of the filter miss: how many of them, out of how many.</summary>
public sealed record WeakItem(string Code, string Name, string Dimension, bool Veto, int Missed, int Schools)
{
    public decimal Share => Schools == 0 ? 0 : Math.Round(Missed * 100m / Schools, 1, MidpointRounding.AwayFromZero);
}

public sealed record StateCount(AssessmentState? State, int Count);

/// <summary>The subtree at a glance, every figure computed by the database over the stored results.</summary>
public sealed record SupervisorPicture(
    School Root, Standard Standard, int Year, IReadOnlyList<Standard> Standards, IReadOnlyList<int> Years, DashboardFilter Filter,
    int Schools, decimal Average, int Passed, int WithVetoes, IReadOnlyList<GradeCount> Grades, Paged<RankingRow> Ranking,
    IReadOnlyList<WeakItem> Weakest, IReadOnlyList<StateCount> States)
{
    public decimal PassRate => Schools == 0 ? 0 : Math.Round(Passed * 100m / Schools, 1, MidpointRounding.AwayFromZero);

    /// <summary>Items only evaluators score, 待评定 in these figures: left out of the weakest requirements, shown apart.</summary>
    public IReadOnlyList<Item> NotYetAssessed { get; init; } = [];
}

/// <summary>
/// A supervising school's picture of its subtree: the ranking (paged and sorted by the database), the grade
/// distribution, the assessment states, the weakest requirements. Every query is an aggregate or one page:
/// no table is read whole, so 2,000 schools cost what 20 do.
/// </summary>
public sealed class SupervisorDashboardService(IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, StandardLibrary library)
{
    /// <summary>The picture for a supervisor or an administrator; null (and recorded) for anyone else.</summary>
    public async Task<SupervisorPicture?> LoadAsync(ClaimsPrincipal user, DashboardFilter filter, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var root = await RootAsync(db, scope, filter.RootId, cancellationToken);
        if (root is null)
        {
            // An administrator of an empty registry has nothing to see yet; anyone else is refused.
            if (scope.IsAdministrator) return null;
            await access.RecordRefusalAsync(scope, "supervisor dashboard", filter.RootId is { } id ? $"school {id}" : "dashboard", cancellationToken);
            return null;
        }

        var inTree = db.SchoolResults.Where(r => r.School!.Path.StartsWith(root.Path));
        var standardIds = await inTree.Select(r => r.StandardId).Distinct().ToListAsync(cancellationToken);
        var standards = library.Standards.Where(s => standardIds.Contains(s.Id)).ToList();
        var standard = standards.FirstOrDefault(s => s.Id == filter.StandardId) ?? standards.FirstOrDefault() ?? library.Standards[0];
        var years = await inTree.Where(r => r.StandardId == standard.Id).Select(r => r.Year).Distinct().OrderByDescending(y => y).ToListAsync(cancellationToken);
        var year = filter.Year is { } y && years.Contains(y) ? y : years.FirstOrDefault(DateTime.Now.Year - 1);
        filter = filter with { StandardId = standard.Id, Year = year, Page = Math.Max(1, filter.Page), PageSize = Math.Clamp(filter.PageSize, 10, 100) };

        var selected = Filtered(db, root, filter, withGrade: true);
        var totals = await selected.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Passed = g.Count(r => r.Passed), Vetoes = g.Count(r => r.VetoFailures > 0) })
            .FirstOrDefaultAsync(cancellationToken);
        // SQLite has no decimal: the sum is taken over the stored scaled integers' column, one number per school.
        var sum = (await selected.Select(r => r.Total).ToListAsync(cancellationToken)).Sum();
        var count = totals?.Count ?? 0;

        var grades = await Filtered(db, root, filter, withGrade: false).GroupBy(r => new { r.GradeCode, r.GradeName })
            .Select(g => new { g.Key.GradeCode, g.Key.GradeName, Count = g.Count() }).ToListAsync(cancellationToken);
        var gradeCounts = standard.Grades.Select(g => new GradeCount(g.Code, g.Name, grades.FirstOrDefault(c => c.GradeCode == g.Code)?.Count ?? 0)).ToList();

        var ranking = await RankingAsync(db, selected, filter, count, cancellationToken);
        var weakest = await WeakestAsync(db, selected, standard, cancellationToken);
        var states = await StatesAsync(db, root, filter, count, cancellationToken);

        return new SupervisorPicture(root, standard, year, standards, years, filter, count, count == 0 ? 0 : Math.Round(sum / count, 2, MidpointRounding.AwayFromZero),
            totals?.Passed ?? 0, totals?.Vetoes ?? 0, gradeCounts, ranking, weakest, states) { NotYetAssessed = OnlyEvaluatorsScore(standard) };
    }

    /// <summary>Every row of the ranking under the filter, for the regional report: streamed page by page.</summary>
    public async IAsyncEnumerable<RankingRow> AllRowsAsync(SupervisorPicture picture, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var selected = Filtered(db, picture.Root, picture.Filter, withGrade: true);
        for (var page = 1; ; page++)
        {
            var rows = await Rows(db, Ordered(selected, picture.Filter).Skip((page - 1) * 500).Take(500)).ToListAsync(cancellationToken);
            foreach (var row in rows) yield return row;
            if (rows.Count < 500) yield break;
        }
    }

    /// <summary>The supervisor's own school; for an administrator the chosen school or the first top-level one.</summary>
    private static async Task<School?> RootAsync(AppDbContext db, UserScope scope, int? rootId, CancellationToken cancellationToken)
    {
        if (scope.IsAdministrator)
        {
            return rootId is { } id
                ? await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
                : await db.Schools.AsNoTracking().Where(s => s.ParentId == null).OrderBy(s => s.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (scope.Role != AppRole.Supervisor || scope.SchoolId is not { } own) return null;
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == (rootId ?? own), cancellationToken);
        // A supervisor may look at any school of its own subtree as the root, never above or beside it.
        return school is not null && AccessRules.Allows(scope, SchoolAction.View, school) ? school : null;
    }

    private static IQueryable<SchoolResult> Filtered(AppDbContext db, School root, DashboardFilter filter, bool withGrade)
    {
        var query = db.SchoolResults.AsNoTracking()
            .Where(r => r.StandardId == filter.StandardId && r.Year == filter.Year && r.School!.Path.StartsWith(root.Path));
        if (filter.Level is { } level) query = query.Where(r => r.School!.Level == level);
        if (!string.IsNullOrWhiteSpace(filter.Region)) query = query.Where(r => r.School!.Region.Contains(filter.Region.Trim()) || r.School.Name.Contains(filter.Region.Trim()));
        if (withGrade && !string.IsNullOrEmpty(filter.Grade)) query = query.Where(r => r.GradeCode == filter.Grade);
        if (filter.State == DashboardFilter.NotStarted)
            query = query.Where(r => !db.Assessments.Any(a => a.SchoolId == r.SchoolId && a.StandardId == r.StandardId && a.Year == r.Year));
        else if (Enum.TryParse<AssessmentState>(filter.State, out var state))
            query = query.Where(r => db.Assessments.Any(a => a.SchoolId == r.SchoolId && a.StandardId == r.StandardId && a.Year == r.Year && a.State == state));
        return query;
    }

    private static IQueryable<RankingRow> Rows(AppDbContext db, IQueryable<SchoolResult> results) =>
        results.Select(r => new RankingRow(r.SchoolId, r.School!.Name, r.School.Region, r.School.Level, r.Total, r.Max, r.GradeCode, r.GradeName, r.Passed,
            r.VetoFailures,
            db.Assessments.Where(a => a.SchoolId == r.SchoolId && a.StandardId == r.StandardId && a.Year == r.Year).Select(a => (AssessmentState?)a.State).FirstOrDefault(),
            r.Dimensions)
        {
            IssuedTotal = db.Assessments.Where(a => a.SchoolId == r.SchoolId && a.StandardId == r.StandardId && a.Year == r.Year).Select(a => a.FinalTotal).FirstOrDefault(),
            IssuedGrade = db.Assessments.Where(a => a.SchoolId == r.SchoolId && a.StandardId == r.StandardId && a.Year == r.Year).Select(a => a.FinalGrade).FirstOrDefault(),
        });

    // Sorted on the stored columns, before the projection: the database orders and pages, the page gets its rows.
    private static IQueryable<SchoolResult> Ordered(IQueryable<SchoolResult> rows, DashboardFilter filter) => (filter.Sort, filter.Descending) switch
    {
        ("name", false) => rows.OrderBy(r => r.School!.Name).ThenBy(r => r.SchoolId),
        ("name", true) => rows.OrderByDescending(r => r.School!.Name).ThenBy(r => r.SchoolId),
        ("region", false) => rows.OrderBy(r => r.School!.Region).ThenBy(r => r.School!.Name),
        ("region", true) => rows.OrderByDescending(r => r.School!.Region).ThenBy(r => r.School!.Name),
        ("vetoes", false) => rows.OrderBy(r => r.VetoFailures).ThenBy(r => r.Total),
        ("vetoes", true) => rows.OrderByDescending(r => r.VetoFailures).ThenBy(r => r.Total),
        (_, false) => rows.OrderBy(r => r.Total).ThenBy(r => r.School!.Name),
        _ => rows.OrderByDescending(r => r.Total).ThenBy(r => r.School!.Name),
    };

    private static async Task<Paged<RankingRow>> RankingAsync(AppDbContext db, IQueryable<SchoolResult> selected, DashboardFilter filter, int count,
        CancellationToken cancellationToken)
    {
        var pages = Math.Max(1, (count + filter.PageSize - 1) / filter.PageSize);
        var page = Math.Min(filter.Page, pages);
        var rows = await Rows(db, Ordered(selected, filter).Skip((page - 1) * filter.PageSize).Take(filter.PageSize)).ToListAsync(cancellationToken);
        return new Paged<RankingRow>(rows, count, page, filter.PageSize);
    }

    /// <summary>The requirements most schools of the filter miss ("68% of township schools lack a separate budget line").</summary>
    private static async Task<IReadOnlyList<WeakItem>> WeakestAsync(AppDbContext db, IQueryable<SchoolResult> selected, Standard standard, CancellationToken cancellationToken)
    {
        var ids = selected.Select(r => r.Id);
        // The stored results score the yearly data alone: an item only evaluators score is 待评定 there, never a miss.
        var judged = OnlyEvaluatorsScore(standard).Select(i => i.Code).ToList();
        var counts = await db.SchoolItemResults.Where(i => ids.Contains(i.SchoolResultId) && !judged.Contains(i.ItemCode))
            .GroupBy(i => i.ItemCode)
            .Select(g => new { Code = g.Key, Missed = g.Count(i => !i.Met), Schools = g.Count() })
            .OrderByDescending(g => g.Missed).ThenBy(g => g.Code).Take(10)
            .ToListAsync(cancellationToken);
        return counts.Where(c => c.Missed > 0 && standard.FindItem(c.Code) is not null).Select(c =>
        {
            var item = standard.FindItem(c.Code)!;
            var dimension = standard.Dimensions.First(d => d.Items.Contains(item));
            return new WeakItem(c.Code, item.Name, dimension.Name, item.Veto, c.Missed, c.Schools);
        }).ToList();
    }

    /// <summary>The items only evaluators can score (graded, judgement): not yet assessed in any stored result.</summary>
    public static IReadOnlyList<Item> OnlyEvaluatorsScore(Standard standard) => standard.Items.Where(i => i.Rule.NeedsJudgement).ToList();

    /// <summary>Where the schools of the filter stand in their assessments of this standard and year; "none" for those not started.</summary>
    private static async Task<IReadOnlyList<StateCount>> StatesAsync(AppDbContext db, School root, DashboardFilter filter, int schools, CancellationToken cancellationToken)
    {
        var assessed = Filtered(db, root, filter with { State = null }, withGrade: true)
            .Join(db.Assessments, r => new { r.SchoolId, r.StandardId, r.Year }, a => new { a.SchoolId, a.StandardId, a.Year }, (r, a) => a.State);
        var counts = await assessed.GroupBy(s => s).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var total = filter.State is null ? schools : await Filtered(db, root, filter with { State = null }, withGrade: true).CountAsync(cancellationToken);
        return
        [
            new StateCount(null, total - counts.Sum(c => c.Count)),
            .. Enum.GetValues<AssessmentState>().Select(s => new StateCount(s, counts.FirstOrDefault(c => c.State == s)?.Count ?? 0)),
        ];
    }
}
