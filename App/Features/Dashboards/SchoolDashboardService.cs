using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Dashboards;

/// <summary>One year's total against one standard, for the trend.</summary>
public sealed record YearTotal(int Year, decimal Total, string Grade);

/// <summary>Where a school stands against one standard: the latest year's result, its gaps, the way up, the years before.</summary>
public sealed record StandardPicture(Standard Standard, int Year, ScoreResult Result, IReadOnlyList<Gap> Gaps, WayToGrade? Way, IReadOnlyList<YearTotal> Trend)
{
    /// <summary>The lowest passing grade's line: what "pass" means for this standard.</summary>
    public Grade PassGrade => Standard.Grades.Last(g => g.Pass);

    public IEnumerable<ItemResult> VetoesAtRisk => Result.Items.Where(i => i.IsVetoFailure);

    /// <summary>Items only evaluators score, not yet scored (待评定): shown apart from the gaps.</summary>
    public IReadOnlyList<Gap> NotYetAssessed { get; init; } = [];
}

/// <summary>A rectification plan's lines by status, and how many are overdue.</summary>
public sealed record PlanProgress(int AssessmentId, string StandardId, int Year, IReadOnlyDictionary<RectificationStatus, int> ByStatus, int Overdue)
{
    public int Total => ByStatus.Values.Sum();

    public int Done => ByStatus.GetValueOrDefault(RectificationStatus.Completed) + ByStatus.GetValueOrDefault(RectificationStatus.Closed);
}

public sealed record SchoolPicture(School School, int? Year, IReadOnlyList<StandardPicture> Standards, IReadOnlyList<PlanProgress> Plans);

/// <summary>
/// A school's home page: every standard of its level scored on its latest year's data (the engine, live),
/// its trend over the years it has data for, and its rectification plans' progress. Read for one school only.
/// </summary>
public sealed class SchoolDashboardService(
    IDbContextFactory<AppDbContext> dbFactory, SchoolAccess access, SchoolStandards standards, StandardLibrary library, TimeProvider clock)
{
    /// <summary>The picture, or null when the school does not exist or the user may not see it (recorded).</summary>
    public async Task<SchoolPicture?> LoadAsync(ClaimsPrincipal user, int schoolId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var school = await db.Schools.AsNoTracking().FirstOrDefaultAsync(s => s.Id == schoolId, cancellationToken);
        if (school is null || !await access.CheckAsync(user, SchoolAction.View, school, cancellationToken)) return null;

        // One school's values over its years: a few hundred rows at most.
        var values = await db.YearlyIndicatorValues.AsNoTracking().Where(v => v.SchoolId == schoolId).ToListAsync(cancellationToken);
        // With the values rolled up from its township schools; stored values the catalogue no longer accepts count as not entered.
        var derived = await TownshipRollup.ComputeAsync(db, library.Indicators, values.Select(v => (v.SchoolId, v.Year)).Distinct().ToList(), cancellationToken);
        var years = values.GroupBy(v => v.Year).OrderBy(g => g.Key)
            .Select(g => (Year: g.Key, Data: SchoolData.OfIndicators(SchoolDataValidator.Usable(library.Indicators, TownshipRollup.WithDerived(library.Indicators,
                g.ToDictionary(v => v.IndicatorKey, v => v.Flag is { } f ? IndicatorValue.Of(f) : IndicatorValue.Of(v.Number!.Value), StringComparer.Ordinal),
                derived.GetValueOrDefault((schoolId, g.Key)))))))
            .ToList();
        var pictures = new List<StandardPicture>();
        if (years.Count > 0)
        {
            var (latestYear, latest) = years[^1];
            // Each year against every standard of the level, in one call a year; the latest year's results are the picture.
            var levelStandards = standards.For(school.Level);
            var byYear = years.Select(y => (y.Year, Results: ScoringEngine.Score(levelStandards, library.Indicators, y.Data))).ToList();
            for (var s = 0; s < levelStandards.Count; s++)
            {
                var standard = levelStandards[s];
                var result = byYear[^1].Results[s];
                var trend = byYear.Select(y => new YearTotal(y.Year, y.Results[s].Total, y.Results[s].Grade.Name)).ToList();
                var (gaps, notYetAssessed) = Gap.Split(GapFinder.Find(result, library.Indicators, latest));
                pictures.Add(new StandardPicture(standard, latestYear, result, gaps, WayToGrade.Next(result), trend) { NotYetAssessed = notYetAssessed });
            }
        }

        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        var lines = await db.RectificationLines.AsNoTracking().Where(l => l.SchoolId == schoolId)
            .GroupBy(l => new { l.AssessmentId, l.Status })
            .Select(g => new { g.Key.AssessmentId, g.Key.Status, Count = g.Count(), Overdue = g.Count(l => l.Deadline < today) })
            .ToListAsync(cancellationToken);
        var assessmentIds = lines.Select(l => l.AssessmentId).Distinct().ToList();
        var assessments = await db.Assessments.AsNoTracking().Where(a => assessmentIds.Contains(a.Id))
            .Select(a => new { a.Id, a.StandardId, a.Year }).ToDictionaryAsync(a => a.Id, cancellationToken);
        var plans = lines.GroupBy(l => l.AssessmentId).Select(g => new PlanProgress(g.Key, assessments[g.Key].StandardId, assessments[g.Key].Year,
                g.ToDictionary(l => l.Status, l => l.Count),
                g.Where(l => l.Status is RectificationStatus.NotStarted or RectificationStatus.InProgress).Sum(l => l.Overdue)))
            .OrderByDescending(p => p.Year).ToList();

        return new SchoolPicture(school, years.Count > 0 ? years[^1].Year : null, pictures, plans);
    }
}
