using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>The lead's steps before a feedback can be issued, through the services: every item decided.</summary>
internal static class Panel
{
    /// <summary>The graded items of optimized-development, which only evaluators can score.</summary>
    public static readonly string[] JudgedItems = ["B5", "D2", "G2"];

    /// <summary>Accepts the agreed proposals, then sets each graded item no one has decided to <paramref name="level"/>.</summary>
    public static async Task DecideAllAsync(AppFactory app, string lead, int id, string level = "A")
    {
        Assert.True((await AssessmentSteps.AcceptAgreedAsync(app, lead, id)).Succeeded);
        foreach (var code in JudgedItems)
        {
            var row = await app.QueryAsync(db => db.ItemScores.AsNoTracking().FirstOrDefaultAsync(s => s.AssessmentId == id && s.ItemCode == code && s.Kind == ScoreKind.Final));
            if (row?.Level is not null) continue;
            var saved = await AssessmentSteps.ScoreAsync(app, lead, id, code, ScoreKind.Final, AssessmentSteps.Level(level), row?.ConcurrencyStamp);
            Assert.True(saved.Succeeded, string.Join("；", saved.Errors.Select(e => e.Message)));
        }
    }
}
