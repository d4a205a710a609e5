using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>The lead's steps before a feedback can be issued, over HTTP: every item decided.</summary>
internal static class Panel
{
    /// <summary>The graded items of optimized-development, which only evaluators can score.</summary>
    public static readonly string[] JudgedItems = ["B5", "D2", "G2"];

    /// <summary>Accepts the agreed proposals, then sets each graded item no one has decided to <paramref name="level"/>.</summary>
    public static async Task DecideAllAsync(AppFactory app, HttpClient lead, int id, string level = "A")
    {
        var accepted = await SchoolTreeFactory.PostFormAsync(lead, $"/assessments/{id}/finals/accept-agreed");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, accepted.StatusCode);
        foreach (var code in JudgedItems)
        {
            var row = await app.QueryAsync(db => db.ItemScores.AsNoTracking().FirstOrDefaultAsync(s => s.AssessmentId == id && s.ItemCode == code && s.Kind == ScoreKind.Final));
            if (row?.Level is not null) continue;
            var fields = new List<(string, string)> { ("level", level) };
            if (row is not null) fields.Add(("stamp", row.ConcurrencyStamp.ToString()));
            var saved = await SchoolTreeFactory.PostFormAsync(lead, $"/assessments/{id}/items/{code}/Final", fields.ToArray());
            Assert.Equal(System.Net.HttpStatusCode.OK, saved.StatusCode);
        }
    }
}
