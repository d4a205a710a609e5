using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>What the round tests ask of the app over HTTP, as the pages' forms and htmx would.</summary>
internal static class RoundRequests
{
    public static Task<HttpResponseMessage> CreateAsync(HttpClient client, int ownerId, string standard, int year, string name = "测试评估轮次",
        string startsOn = "", string endsOn = "") =>
        SchoolTreeFactory.PostFormAsync(client, "/rounds/new", ("_handler", "round"), ("Input.Name", name), ("Input.OwnerSchoolId", ownerId.ToString()),
            ("Input.StandardId", standard), ("Input.Year", year.ToString()),
            ("Input.StartsOn", startsOn is "" ? $"{year}-03-01" : startsOn), ("Input.EndsOn", endsOn is "" ? $"{year}-12-31" : endsOn));

    /// <summary>Creates a round that must be created, and returns its id.</summary>
    public static async Task<int> CreatedAsync(HttpClient client, int ownerId, string standard, int year, string name = "测试评估轮次")
    {
        var response = await CreateAsync(client, ownerId, standard, year, name);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
    }

    public static Task<Guid> StampAsync(AppFactory app, int roundId) =>
        app.QueryAsync(db => db.EvaluationRounds.Where(r => r.Id == roundId).Select(r => r.ConcurrencyStamp).FirstAsync());

    /// <summary>Adds every eligible school (no ids) or the chosen ones, with the round's current stamp unless one is given.</summary>
    public static async Task<HttpResponseMessage> AddSchoolsAsync(AppFactory app, HttpClient client, int roundId, int[]? schoolIds = null, Guid? stamp = null)
    {
        var fields = new List<(string, string)>
        {
            ("_handler", "add-schools"), ("scope", schoolIds is null ? "all" : "chosen"), ("stamp", (stamp ?? await StampAsync(app, roundId)).ToString()),
        };
        fields.AddRange((schoolIds ?? []).Select(id => ("schoolId", id.ToString())));
        return await SchoolTreeFactory.PostFormAsync(client, $"/rounds/{roundId}", fields.ToArray());
    }

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

    public static async Task<IDocument> PageAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

    public static async Task<IDocument> GetPageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PageAsync(response);
    }
}
