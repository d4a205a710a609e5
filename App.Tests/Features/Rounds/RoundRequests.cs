using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using System.Net;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Rounds;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>
/// What the round tests ask of the app: the pages' event handlers call RoundService as the circuit's user, so the
/// commands are called the same way here (a role's test account); pages are read over HTTP (their prerender).
/// </summary>
internal static class RoundRequests
{
    public static Task<CommandOutcome<EvaluationRound>> CreateAsync(AppFactory app, string role, int ownerId, string standard, int year, string name = "测试评估轮次",
        string startsOn = "", string endsOn = "") =>
        app.AsAsync<RoundService, CommandOutcome<EvaluationRound>>(SchoolTreeFactory.UserName(role), "/rounds/new", (rounds, user) => rounds.CreateAsync(user,
            new RoundDetails(name, standard, ownerId, year, RoundDates.Parse(startsOn is "" ? $"{year}-03-01" : startsOn),
                RoundDates.Parse(endsOn is "" ? $"{year}-12-31" : endsOn), null)));

    /// <summary>Creates a round that must be created, and returns its id.</summary>
    public static async Task<int> CreatedAsync(AppFactory app, string role, int ownerId, string standard, int year, string name = "测试评估轮次")
    {
        var outcome = await CreateAsync(app, role, ownerId, standard, year, name);
        Assert.True(outcome.Succeeded, string.Join("；", outcome.Errors.Select(e => e.Message)));
        return outcome.Value!.Id;
    }

    public static Task<Guid> StampAsync(AppFactory app, int roundId) =>
        app.QueryAsync(db => db.EvaluationRounds.Where(r => r.Id == roundId).Select(r => r.ConcurrencyStamp).FirstAsync());

    /// <summary>Adds every eligible school (no ids) or the chosen ones, with the round's current stamp unless one is given.</summary>
    public static async Task<CommandOutcome<AddedSchools>> AddSchoolsAsync(AppFactory app, string role, int roundId, int[]? schoolIds = null, Guid? stamp = null)
    {
        var current = stamp ?? await StampAsync(app, roundId);
        return await app.AsAsync<RoundService, CommandOutcome<AddedSchools>>(SchoolTreeFactory.UserName(role), $"/rounds/{roundId}",
            (rounds, user) => rounds.AddSchoolsAsync(user, roundId, current, schoolIds));
    }

    public static Task<CommandOutcome<RoundSchool>> ScheduleAsync(AppFactory app, string role, int roundId, int assessmentId, string date, Guid stamp) =>
        app.AsAsync<RoundService, CommandOutcome<RoundSchool>>(SchoolTreeFactory.UserName(role), $"/rounds/{roundId}",
            (rounds, user) => rounds.ScheduleAsync(user, roundId, assessmentId, date, stamp));

    public static Task<CommandOutcome<RoundSchool>> TeamAsync(AppFactory app, string role, int roundId, int assessmentId, string[] evaluators, string? lead) =>
        app.AsAsync<RoundService, CommandOutcome<RoundSchool>>(SchoolTreeFactory.UserName(role), $"/rounds/{roundId}",
            (rounds, user) => rounds.AssignTeamAsync(user, roundId, assessmentId, evaluators, lead));

    /// <summary>The round's assessments as stored: school id → assessment id.</summary>
    public static Task<Dictionary<int, int>> AssessmentsAsync(AppFactory app, int roundId) =>
        app.QueryAsync(db => db.Assessments.Where(a => a.RoundId == roundId).ToDictionaryAsync(a => a.SchoolId, a => a.Id));

    public static Task<int> ParentOfAsync(AppFactory app, int schoolId) =>
        app.QueryAsync(db => db.Schools.Where(s => s.Id == schoolId).Select(s => s.ParentId!.Value).FirstAsync());

    public static Task<School> AddSchoolAsync(AppFactory app, string name, SchoolLevel level, int parentId) =>
        app.QueryAsync(async db =>
        {
            var parent = await db.Schools.FirstAsync(s => s.Id == parentId);
            var school = new School { Name = name, Level = level, Region = "测试地区", ParentId = parentId };
            await SchoolRegistry.InsertAsync(db, school, parent.Path);
            return school;
        });

    /// <summary>The field names of an outcome's errors, in order.</summary>
    public static string[] Fields<T>(CommandOutcome<T> outcome) =>
        outcome.Errors.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal).ToArray();

    public static async Task<IDocument> PageAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public static async Task<IDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PageAsync(response);
    }
}
