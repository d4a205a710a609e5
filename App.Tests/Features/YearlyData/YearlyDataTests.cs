using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>A school's yearly data over HTTP: saved field by field, validated, versioned, audited, scored.</summary>
/// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabase"/>), so all write the same year.</summary>
public class YearlyDataTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private const int Year = 2025;

    public async Task InitializeAsync()
    {
        await app.EnsureSeededAsync();
        app.ResetDatabase();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private async Task<(HttpClient Client, string Token)> LeaderAsync()
    {
        var client = await app.ClientForAsync(AppRole.SchoolLeader);
        return (client, await SchoolTreeFactory.TokenAsync(client, "/schools"));
    }

    private static async Task<(HttpResponseMessage Response, IDocument Fragment)> SaveAsync(
        HttpClient client, string token, int school, int year, string key, string value, string? stamp = null)
    {
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["value"] = value };
        if (stamp is not null) fields["stamp"] = stamp;
        var response = await client.PostAsync($"/schools/{school}/data/{year}/{key}", new FormUrlEncodedContent(fields));
        return (response, new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    private static string Stamp(IDocument fragment, string key) => fragment.QuerySelector($"#stamp-{key}")!.GetAttribute("value")!;

    [Fact]
    public async Task A_saved_value_says_so_and_the_live_scores_follow()
    {
        var (client, token) = await LeaderAsync();

        var (response, fragment) = await SaveAsync(client, token, County, Year, "fulltimeTeachers", "8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("已保存", fragment.QuerySelector("[data-role=saved]")!.TextContent);
        Assert.Equal("8", fragment.QuerySelector("#in-fulltimeTeachers")!.GetAttribute("value"));
        var results = fragment.QuerySelector("#results[hx-swap-oob]")!;
        Assert.Equal("3.6", results.QuerySelector("[data-standard='optimized-development'] [data-role=total]")!.TextContent);

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools/{County}/data?year={Year}"));
        Assert.Equal("8", page.QuerySelector("#in-fulltimeTeachers")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("fulltimeTeachers", "-1", "专职教师人数应在 0 到")]
    [InlineData("fulltimeTeachers", "8.5", "专职教师人数应为整数")]
    [InlineData("businessFunds", "12.34567", "最多保留4位小数")]
    [InlineData("hasIndependentCampus", "maybe", "应选择是或否")]
    [InlineData("traineeBeds", "很多", "学员宿舍床位数应为数值")]
    public async Task A_bad_value_is_refused_naming_the_field_kept_in_the_box_and_not_saved(string key, string value, string message)
    {
        var (client, token) = await LeaderAsync();

        var (response, fragment) = await SaveAsync(client, token, County, Year, key, value);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, fragment.QuerySelector("[data-role=error]")!.TextContent);
        Assert.Null(fragment.QuerySelector("#results"));
        Assert.Empty(await ValuesAsync(County, Year, key));
    }

    [Fact]
    public async Task Two_people_saving_the_same_field_the_second_sees_the_first_s_value()
    {
        var (leader, leaderToken) = await LeaderAsync();
        var staff = await app.ClientForAsync(AppRole.SchoolStaff);
        var staffToken = await SchoolTreeFactory.TokenAsync(staff, "/schools");
        var (_, first) = await SaveAsync(leader, leaderToken, County, Year, "traineeBeds", "80");
        var seen = Stamp(first, "traineeBeds");

        var (_, second) = await SaveAsync(staff, staffToken, County, Year, "traineeBeds", "90", seen);
        var (conflict, third) = await SaveAsync(leader, leaderToken, County, Year, "traineeBeds", "100", seen);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("将此项改为 90", third.QuerySelector("[data-role=conflict]")!.TextContent);
        Assert.Contains(SchoolTreeFactory.UserName(AppRole.SchoolStaff), third.QuerySelector("[data-role=conflict]")!.TextContent);
        Assert.Equal(90m, (await ValuesAsync(County, Year, "traineeBeds")).Single().Number);
        Assert.NotEqual(seen, Stamp(second, "traineeBeds"));
    }

    [Fact]
    public async Task Someone_else_entering_a_value_first_is_a_conflict_too()
    {
        var (leader, leaderToken) = await LeaderAsync();
        var staff = await app.ClientForAsync(AppRole.SchoolStaff);
        await SaveAsync(staff, await SchoolTreeFactory.TokenAsync(staff, "/schools"), County, Year, "diningSeats", "150");

        var (response, _) = await SaveAsync(leader, leaderToken, County, Year, "diningSeats", "200"); // saw an empty field

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(150m, (await ValuesAsync(County, Year, "diningSeats")).Single().Number);
    }

    [Fact]
    public async Task Clearing_a_field_removes_the_value_it_never_becomes_zero()
    {
        var (client, token) = await LeaderAsync();
        var (_, saved) = await SaveAsync(client, token, County, Year, "papersPublished", "3");

        var (response, _) = await SaveAsync(client, token, County, Year, "papersPublished", "", Stamp(saved, "papersPublished"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await ValuesAsync(County, Year, "papersPublished"));
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_trail_with_who_old_and_new()
    {
        var (client, token) = await LeaderAsync();
        var (_, first) = await SaveAsync(client, token, County, Year, "forumSessions", "2");
        await SaveAsync(client, token, County, Year, "forumSessions", "4", Stamp(first, "forumSessions"));

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools/{County}/data/history?year={Year}&key=forumSessions"));

        var rows = page.QuerySelectorAll("[data-role=history] tr[data-key=forumSessions]").ToList();
        Assert.Equal(2, rows.Count(r => r.QuerySelector("[data-role=new]")!.TextContent is "2" or "4"));
        var latest = rows.First(r => r.QuerySelector("[data-role=new]")!.TextContent == "4");
        Assert.Equal("2", latest.QuerySelector("[data-role=old]")!.TextContent);
        Assert.Equal("SchoolLeader（学校领导）", latest.QuerySelector("[data-role=who]")!.TextContent); // by 姓名 and role
        Assert.DoesNotContain(SchoolTreeFactory.UserName(AppRole.SchoolLeader), latest.TextContent);
    }

    [Fact]
    public async Task A_new_year_starts_from_last_year_s_values_with_the_changes_marked()
    {
        var (client, token) = await LeaderAsync();
        await SaveAsync(client, token, County, Year - 1, "fulltimeTeachers", "6");
        await SaveAsync(client, token, County, Year - 1, "parttimeTeachers", "20");
        await SaveAsync(client, token, County, Year, "parttimeTeachers", "25");

        var copy = await client.PostAsync($"/schools/{County}/data?year={Year}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "copy-previous", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Redirect, copy.StatusCode);
        Assert.Equal(6m, (await ValuesAsync(County, Year, "fulltimeTeachers")).Single().Number);
        Assert.Equal(25m, (await ValuesAsync(County, Year, "parttimeTeachers")).Single().Number); // kept, not overwritten
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools/{County}/data?year={Year}"));
        Assert.Contains("changed", page.QuerySelector("[data-indicator=parttimeTeachers]")!.ClassList);
        Assert.DoesNotContain("changed", page.QuerySelector("[data-indicator=fulltimeTeachers]")!.ClassList);
        Assert.Contains("上年:20人", page.QuerySelector("[data-indicator=parttimeTeachers] [data-role=previous]")!.TextContent);
    }

    [Fact]
    public async Task Stored_data_scores_exactly_as_the_score_command_scores_the_same_input()
    {
        var (client, token) = await LeaderAsync();
        var input = new Dictionary<string, string>
        {
            ["fulltimeTeachers"] = "8", ["traineeBeds"] = "75", ["leaderLectureHours"] = "15", ["mainClassHours"] = "100",
            ["hasIndependentCampus"] = "true", ["businessFunds"] = "35.5",
        };
        foreach (var (key, value) in input) await SaveAsync(client, token, County, Year, key, value);

        await using var scope = app.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<YearlyDataService>().LoadAsync(County, Year);
        // What the form holds: the typed values, and those rolled up from the county's township school (1, none 达标).
        Assert.Equal(input.Count + 3, stored.Count);
        var json = "{ \"indicators\": { " + string.Join(", ", stored.Select(p => $"\"{p.Key}\": {p.Value.Value}")) + " } }";
        foreach (var standard in SeedLibrary.Value.Standards.Where(s => s.Id != "township-six-haves"))
        {
            var fromStore = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, YearlyDataService.ToSchoolData(stored));
            var fromJson = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, ScoringJson.ReadInput(json));
            Assert.Equal(ScoringJson.WriteResult(fromJson), ScoringJson.WriteResult(fromStore));
        }
    }

    [Fact]
    public async Task Those_who_may_enter_the_data_get_editable_fields()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);

        var page = new HtmlParser().ParseDocument(await supervisor.GetStringAsync($"/schools/{County}/data?year={Year}"));
        var leaderPage = new HtmlParser().ParseDocument(await (await app.ClientForAsync(AppRole.SchoolLeader)).GetStringAsync($"/schools/{County}/data?year={Year}"));

        Assert.False(page.QuerySelector("#in-fulltimeTeachers")!.HasAttribute("disabled"));
        Assert.False(leaderPage.QuerySelector("#in-fulltimeTeachers")!.HasAttribute("disabled"));
    }

    private async Task<List<YearlyIndicatorValue>> ValuesAsync(int school, int year, string key)
    {
        return await app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.SchoolId == school && v.Year == year && v.IndicatorKey == key).ToListAsync());
    }
}
