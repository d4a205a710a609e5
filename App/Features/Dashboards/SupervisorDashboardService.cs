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

        // Standards and years from the subtree's kept figures (a township school, which has no subtree, from its own results).
        var present = root.Level == SchoolLevel.Township
            ? await db.SchoolResults.AsNoTracking().Where(r => r.SchoolId == root.Id).Select(r => new Coverage(r.StandardId, r.Year, 1)).ToListAsync(cancellationToken)
            : await db.SubtreeFigures.AsNoTracking().Where(f => f.RootSchoolId == root.Id && f.Key == SubtreeFigure.Schools && f.Count > 0)
                .Select(f => new Coverage(f.StandardId, f.Year, f.Count)).ToListAsync(cancellationToken);
        var standards = library.Standards.Where(s => present.Any(p => p.StandardId == s.Id)).ToList();
        var standard = standards.FirstOrDefault(s => s.Id == filter.StandardId) ?? DefaultStandard(standards, present) ?? library.Standards[0];
        var years = present.Where(p => p.StandardId == standard.Id).Select(p => p.Year).Distinct().OrderDescending().ToList();
        var year = filter.Year is { } y && years.Contains(y) ? y : years.FirstOrDefault(DateTime.Now.Year - 1);
        filter = filter with { StandardId = standard.Id, Year = year, Page = Math.Max(1, filter.Page), PageSize = Math.Clamp(filter.PageSize, 10, 100) };

        var figures = IsWhole(filter) && root.Level != SchoolLevel.Township
            ? await KeptAsync(db, root, standard, year, cancellationToken)
            : await CountedAsync(db, root, standard, filter, cancellationToken);
        var selected = Filtered(db, root, filter, withGrade: true);
        var ranking = await RankingAsync(db, selected, filter, figures.Count, cancellationToken);
        var states = await StatesAsync(db, root, filter, figures.Count, cancellationToken);

        return new SupervisorPicture(root, standard, year, standards, years, filter, figures.Count,
            figures.Count == 0 ? 0 : Math.Round(figures.Sum / figures.Count, 2, MidpointRounding.AwayFromZero),
            figures.Passed, figures.Vetoed, figures.Grades, ranking, figures.Weakest, states) { NotYetAssessed = OnlyEvaluatorsScore(standard) };
    }

    /// <summary>How many schools of a subtree have results of a standard in a year.</summary>
    public sealed record Coverage(string StandardId, int Year, int Schools);

    /// <summary>The standard that covers most of the subtree in its latest year (ties: the library's order), not the first by name.</summary>
    public static Standard? DefaultStandard(IReadOnlyList<Standard> standards, IReadOnlyList<Coverage> present) =>
        standards.OrderByDescending(s => present.Where(p => p.StandardId == s.Id).OrderByDescending(p => p.Year).Select(p => p.Schools).FirstOrDefault())
            .FirstOrDefault();

    /// <summary>No filter narrows the subtree: the kept figures answer.</summary>
    private static bool IsWhole(DashboardFilter filter) =>
        filter.Level is null && string.IsNullOrWhiteSpace(filter.Region) && string.IsNullOrEmpty(filter.Grade) && string.IsNullOrEmpty(filter.State);

    /// <summary>The KPIs, grade distribution and weakest items of a filter, however they were obtained.</summary>
    private sealed record Figures(int Count, decimal Sum, int Passed, int Vetoed, IReadOnlyList<GradeCount> Grades, IReadOnlyList<WeakItem> Weakest);

    /// <summary>The whole subtree's figures: a handful of kept rows, whatever the number of schools below.</summary>
    private static async Task<Figures> KeptAsync(AppDbContext db, School root, Standard standard, int year, CancellationToken cancellationToken)
    {
        var rows = await db.SubtreeFigures.AsNoTracking().Where(f => f.RootSchoolId == root.Id && f.StandardId == standard.Id && f.Year == year)
            .Select(f => new { f.Key, f.Count, f.Sum }).ToListAsync(cancellationToken);
        var byKey = rows.ToDictionary(r => r.Key, r => (r.Count, r.Sum));
        var (count, sum) = byKey.GetValueOrDefault(SubtreeFigure.Schools);
        var grades = standard.Grades.Select(g => new GradeCount(g.Code, g.Name, byKey.GetValueOrDefault(SubtreeFigure.GradePrefix + g.Code).Count)).ToList();
        var judged = OnlyEvaluatorsScore(standard).Select(i => i.Code).ToHashSet();
        var missed = rows.Where(r => r.Key.StartsWith(SubtreeFigure.ItemPrefix, StringComparison.Ordinal) && r.Count > 0)
            .Select(r => (Code: r.Key[SubtreeFigure.ItemPrefix.Length..], r.Count))
            .Where(i => !judged.Contains(i.Code))
            .ToDictionary(i => i.Code, i => i.Count);
        return new Figures(count, sum, byKey.GetValueOrDefault(SubtreeFigure.Passed).Count, byKey.GetValueOrDefault(SubtreeFigure.Vetoed).Count, grades,
            Weakest(standard, missed, count));
    }

    /// <summary>A filtered part of the subtree: one GROUP BY over its results by grade, one over their missed items.</summary>
    private static async Task<Figures> CountedAsync(AppDbContext db, School root, Standard standard, DashboardFilter filter, CancellationToken cancellationToken)
    {
        var byGrade = await Filtered(db, root, filter, withGrade: false).GroupBy(r => r.GradeCode)
            .Select(g => new { Grade = g.Key, Count = g.Count(), Passed = g.Count(r => r.Passed), Vetoed = g.Count(r => r.VetoFailures > 0), Sum = g.Sum(r => r.Total) })
            .ToListAsync(cancellationToken);
        var grades = standard.Grades.Select(g => new GradeCount(g.Code, g.Name, byGrade.FirstOrDefault(c => c.Grade == g.Code)?.Count ?? 0)).ToList();
        var kept = byGrade.Where(g => string.IsNullOrEmpty(filter.Grade) || g.Grade == filter.Grade).ToList();
        var count = kept.Sum(g => g.Count);

        var ids = Filtered(db, root, filter, withGrade: true).Select(r => r.Id);
        // The stored results score the yearly data alone: an item only evaluators score is 待评定 there, never a miss.
        var judged = OnlyEvaluatorsScore(standard).Select(i => i.Code).ToList();
        var missed = await db.SchoolItemResults.Where(i => ids.Contains(i.SchoolResultId) && !i.Met && !judged.Contains(i.ItemCode))
            .GroupBy(i => i.ItemCode).Select(g => new { Code = g.Key, Missed = g.Count() })
            .ToDictionaryAsync(g => g.Code, g => g.Missed, cancellationToken);
        return new Figures(count, kept.Sum(g => g.Sum), kept.Sum(g => g.Passed), kept.Sum(g => g.Vetoed), grades, Weakest(standard, missed, count));
    }

    /// <summary>The ten requirements most schools of the filter miss ("68% of township schools lack a separate budget line").</summary>
    private static IReadOnlyList<WeakItem> Weakest(Standard standard, IReadOnlyDictionary<string, int> missed, int schools) =>
        missed.Where(m => m.Value > 0 && standard.FindItem(m.Key) is not null)
            .OrderByDescending(m => m.Value).ThenBy(m => m.Key, StringComparer.Ordinal).Take(10)
            .Select(m =>
            {
                var item = standard.FindItem(m.Key)!;
                var dimension = standard.Dimensions.First(d => d.Items.Contains(item));
                return new WeakItem(m.Key, item.Name, dimension.Name, item.Veto, m.Value, schools);
            }).ToList();

    /// <summary>One page of the ranking (the grid's paging and sorting), for whoever may see the filter's root; null for anyone else.</summary>
    public async Task<Paged<RankingRow>?> RankingPageAsync(ClaimsPrincipal user, DashboardFilter filter, int total, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await RootAsync(db, scope, filter.RootId, cancellationToken) is not { } root)
        {
            await access.RecordRefusalAsync(scope, "supervisor dashboard", filter.RootId is { } id ? $"school {id}" : "dashboard", cancellationToken);
            return null;
        }

        filter = filter with { PageSize = Math.Clamp(filter.PageSize, 10, 100) };
        return await RankingAsync(db, Filtered(db, root, filter, withGrade: true), filter, total, cancellationToken);
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
        // Ties by the result's id: (standard, year, total) plus the row id is the index's own order, so a page is read off it.
        (_, false) => rows.OrderBy(r => r.Total).ThenBy(r => r.Id),
        _ => rows.OrderByDescending(r => r.Total).ThenByDescending(r => r.Id),
    };

    private static async Task<Paged<RankingRow>> RankingAsync(AppDbContext db, IQueryable<SchoolResult> selected, DashboardFilter filter, int count,
        CancellationToken cancellationToken)
    {
        var pages = Math.Max(1, (count + filter.PageSize - 1) / filter.PageSize);
        var page = Math.Min(filter.Page, pages);
        var rows = await Rows(db, Ordered(selected, filter).Skip((page - 1) * filter.PageSize).Take(filter.PageSize)).ToListAsync(cancellationToken);
        return new Paged<RankingRow>(rows, count, page, filter.PageSize);
    }

    /// <summary>The items only evaluators can score (graded, judgement): not yet assessed in any stored result.</summary>
    public static IReadOnlyList<Item> OnlyEvaluatorsScore(Standard standard) => standard.Items.Where(i => i.Rule.NeedsJudgement).ToList();

    /// <summary>Where the schools of the filter stand in their assessments of this standard and year; "none" for those not started.</summary>
    private static async Task<IReadOnlyList<StateCount>> StatesAsync(AppDbContext db, School root, DashboardFilter filter, int schools, CancellationToken cancellationToken)
    {
        // From the assessments (a few per county), each checked against its result: never a scan of the subtree's results.
        var results = Filtered(db, root, filter with { State = null }, withGrade: true);
        var counts = await db.Assessments.AsNoTracking()
            .Where(a => a.StandardId == filter.StandardId && a.Year == filter.Year && a.School!.Path.StartsWith(root.Path) && results.Any(r => r.SchoolId == a.SchoolId))
            .GroupBy(a => a.State).Select(g => new { State = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var total = filter.State is null ? schools : await Filtered(db, root, filter with { State = null }, withGrade: true).CountAsync(cancellationToken);
        return
        [
            new StateCount(null, total - counts.Sum(c => c.Count)),
            .. Enum.GetValues<AssessmentState>().Select(s => new StateCount(s, counts.FirstOrDefault(c => c.State == s)?.Count ?? 0)),
        ];
    }
}
