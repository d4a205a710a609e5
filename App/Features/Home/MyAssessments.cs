using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Home;

/// <summary>One assessment an evaluator is sent to: where, when, and how far their own scoring has come.</summary>
public sealed record MyAssessment(int AssessmentId, string SchoolName, string StandardId, string StandardName, int Year, AssessmentState State,
    DateOnly? ScheduledOn, string? RoundName, bool IsLead, int Scored, int Items)
{
    public decimal Percent => Items == 0 ? 0 : Math.Round(100m * Scored / Items, 0, MidpointRounding.AwayFromZero);
}

/// <summary>An evaluator's home (我的评估): the assessments they are assigned to, the visits first, nearest first.</summary>
public sealed class MyAssessments(IDbContextFactory<AppDbContext> dbFactory, PinnedStandards pinned, SchoolAccess access)
{
    public async Task<IReadOnlyList<MyAssessment>> ListAsync(System.Security.Claims.ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var scope = await access.ScopeAsync(user, cancellationToken);
        var userId = user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        if (!scope.IsAuthenticated || userId is null) return [];

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Assessments.AsNoTracking()
            .Where(a => a.Evaluators.Any(e => e.UserId == userId))
            .Select(a => new
            {
                a.Id, School = a.School!.Name, a.StandardId, a.StandardVersionId, a.Year, a.State, a.ScheduledOn,
                Round = db.EvaluationRounds.Where(r => r.Id == a.RoundId).Select(r => r.Name).FirstOrDefault(),
                IsLead = a.Evaluators.Any(e => e.UserId == userId && e.IsLead),
                Scored = db.ItemScores.Count(s => s.AssessmentId == a.Id && s.Kind == ScoreKind.Evaluator && s.Scorer == userId),
            })
            .Take(200)
            .ToListAsync(cancellationToken);

        var list = new List<MyAssessment>();
        foreach (var row in rows)
        {
            // The standard as pinned when the assessment started: its items are what the evaluator scores.
            var standard = await pinned.GetAsync(row.StandardVersionId, cancellationToken);
            list.Add(new MyAssessment(row.Id, row.School, row.StandardId, standard.Name, row.Year, row.State, row.ScheduledOn, row.Round, row.IsLead,
                row.Scored, standard.Items.Count()));
        }

        // Visits to come first (nearest first), then the unscheduled, then what is done.
        return list.OrderBy(a => a.State > AssessmentState.OnSite).ThenBy(a => a.ScheduledOn is null).ThenBy(a => a.ScheduledOn).ThenBy(a => a.SchoolName, StringComparer.Ordinal).ToList();
    }
}
