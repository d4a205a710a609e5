using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>A school's yearly data: saved field by field through the service (the page's handler), validated, versioned, audited, scored, published.</summary>
public class YearlyDataTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private Task<CommandOutcome<SavedField>> SaveAsync(string role, int year, string key, string? text, Guid? stamp = null) =>
        YearlyRequests.SaveAsync(app, role, County, year, key, text, stamp);

    [Fact]
    public async Task A_saved_value_is_stored_with_a_new_version_and_the_prerendered_page_shows_it()
    {
        var outcome = await SaveAsync(AppRole.SchoolLeader, Year, "fulltimeTeachers", "8");

        Assert.True(outcome.Succeeded);
        Assert.Equal(IndicatorValue.Of(8), outcome.Value!.Stored!.Value);
        var client = await app.ClientForAsync(AppRole.SchoolLeader);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools/{County}/data?year={Year}&field=fulltimeTeachers"));
        Assert.Equal("8", page.QuerySelector("#in-fulltimeTeachers")!.GetAttribute("value"));
        Assert.Equal("3.6", page.QuerySelector("#results [data-standard='optimized-development'] [data-role=total]")!.TextContent);
    }

    [Theory]
    [InlineData("fulltimeTeachers", "-1", "专职教师人数应在 0 到")]
    [InlineData("traineeBeds", "-5", "学员宿舍床位数应在 0 到 5000 张之间")]
    [InlineData("fulltimeTeachers", "8.5", "专职教师人数应为整数")]
    [InlineData("businessFunds", "12.34567", "最多保留4位小数")]
    [InlineData("hasIndependentCampus", "maybe", "应选择是或否")]
    [InlineData("traineeBeds", "很多", "学员宿舍床位数应为数值")]
    public async Task A_bad_value_is_refused_naming_the_field_and_not_saved(string key, string value, string message)
    {
        var outcome = await SaveAsync(AppRole.SchoolLeader, Year, key, value);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains(message, outcome.Errors.For(key));
        Assert.Empty(await ValuesAsync(County, Year, key));
    }

    [Fact]
    public async Task Two_people_saving_the_same_field_the_second_sees_the_first_s_value_and_name()
    {
        var first = await SaveAsync(AppRole.SchoolLeader, Year, "traineeBeds", "80");
        var seen = first.Value!.Stored!.Stamp;

        var second = await SaveAsync(AppRole.SchoolStaff, Year, "traineeBeds", "90", seen);
        var third = await SaveAsync(AppRole.SchoolLeader, Year, "traineeBeds", "100", seen);

        Assert.True(second.Succeeded);
        Assert.Equal(OutcomeKind.Conflict, third.Kind);
        Assert.Equal(IndicatorValue.Of(90), third.Value!.Stored!.Value);
        var message = third.Errors.For("traineeBeds")!;
        Assert.Contains("改为 90", message);
        Assert.Contains(AppRole.SchoolStaff, message); // the fixture's 姓名 is its role's name
        Assert.DoesNotContain(SchoolTreeFactory.UserName(AppRole.SchoolStaff), message); // never the login name
        Assert.Equal(90m, (await ValuesAsync(County, Year, "traineeBeds")).Single().Number);
    }

    [Fact]
    public async Task Someone_else_entering_a_value_first_is_a_conflict_too()
    {
        await SaveAsync(AppRole.SchoolStaff, Year, "diningSeats", "150");

        var outcome = await SaveAsync(AppRole.SchoolLeader, Year, "diningSeats", "200"); // saw an empty field

        Assert.Equal(OutcomeKind.Conflict, outcome.Kind);
        Assert.Equal(150m, (await ValuesAsync(County, Year, "diningSeats")).Single().Number);
    }

    [Fact]
    public async Task Clearing_a_field_removes_the_value_it_never_becomes_zero()
    {
        var saved = await SaveAsync(AppRole.SchoolLeader, Year, "papersPublished", "3");

        var cleared = await SaveAsync(AppRole.SchoolLeader, Year, "papersPublished", "", saved.Value!.Stored!.Stamp);

        Assert.True(cleared.Succeeded);
        Assert.Null(cleared.Value!.Stored);
        Assert.Empty(await ValuesAsync(County, Year, "papersPublished"));
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_trail_with_who_old_and_new()
    {
        var first = await SaveAsync(AppRole.SchoolLeader, Year, "forumSessions", "2");
        await SaveAsync(AppRole.SchoolLeader, Year, "forumSessions", "4", first.Value!.Stored!.Stamp);
        var client = await app.ClientForAsync(AppRole.SchoolLeader);

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
        await SaveAsync(AppRole.SchoolLeader, Year - 1, "fulltimeTeachers", "6");
        await SaveAsync(AppRole.SchoolLeader, Year - 1, "parttimeTeachers", "20");
        await SaveAsync(AppRole.SchoolLeader, Year, "parttimeTeachers", "25");

        var copied = await app.AsAsync<YearlyDataService, int?>(SchoolTreeFactory.UserName(AppRole.SchoolLeader), $"/schools/{County}/data",
            (data, user) => data.CopyPreviousYearAsync(user, County, Year));

        Assert.NotNull(copied);
        Assert.Equal(6m, (await ValuesAsync(County, Year, "fulltimeTeachers")).Single().Number);
        Assert.Equal(25m, (await ValuesAsync(County, Year, "parttimeTeachers")).Single().Number); // kept, not overwritten
        var client = await app.ClientForAsync(AppRole.SchoolLeader);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools/{County}/data?year={Year}&field=parttimeTeachers"));
        Assert.Contains("changed", page.QuerySelector("[data-indicator=parttimeTeachers]")!.ClassList);
        Assert.DoesNotContain("changed", page.QuerySelector("[data-indicator=fulltimeTeachers]")!.ClassList);
        Assert.Contains("上年：20人", page.QuerySelector("[data-indicator=parttimeTeachers] [data-role=previous]")!.TextContent);
    }

    [Fact]
    public async Task A_save_is_published_after_it_commits_so_open_pages_follow()
    {
        var live = app.Services.GetRequiredService<LiveUpdates>();
        var heard = new TaskCompletionSource<SchoolResultsChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = live.Subscribe<SchoolResultsChanged>(e => e.SchoolId == County && e.Year == Year, e =>
        {
            heard.TrySetResult(e);
            return Task.CompletedTask;
        });

        await SaveAsync(AppRole.SchoolLeader, Year, "fulltimeTeachers", "5");

        var change = await heard.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(new SchoolResultsChanged(County, Year), change);
        Assert.Single(await ValuesAsync(County, Year, "fulltimeTeachers")); // committed before it was told
    }

    [Fact]
    public async Task Stored_data_scores_exactly_as_the_score_command_scores_the_same_input()
    {
        var input = new Dictionary<string, string>
        {
            ["fulltimeTeachers"] = "8", ["traineeBeds"] = "75", ["leaderLectureHours"] = "15", ["mainClassHours"] = "100",
            ["hasIndependentCampus"] = "true", ["businessFunds"] = "35.5",
        };
        foreach (var (key, value) in input) await SaveAsync(AppRole.SchoolLeader, Year, key, value);

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
    public async Task Those_who_may_enter_the_data_get_the_form_the_others_read_only()
    {
        var supervisor = await app.AsAsync<YearlyDataService, CommandOutcome<YearlyForm>?>(SchoolTreeFactory.UserName(AppRole.Supervisor), "/",
            (data, user) => data.OpenAsync(user, County));
        var leaderOfChild = await app.AsAsync<YearlyDataService, CommandOutcome<YearlyForm>?>(SchoolTreeFactory.UserName(AppRole.SchoolLeader), "/",
            (data, user) => data.OpenAsync(user, app.Schools[Relation.Child]));

        Assert.True(supervisor!.Value!.CanEnter);
        Assert.False(leaderOfChild!.Value!.CanEnter); // its township school: read-only
    }

    [Fact]
    public async Task Another_school_s_page_is_refused_at_prerender_and_an_anonymous_visitor_is_sent_to_sign_in()
    {
        var staff = await app.ClientForAsync(AppRole.SchoolStaff);
        var outside = app.Schools[Relation.Outside];

        var refused = await staff.GetAsync($"/schools/{outside}/data?year={Year}");
        var anonymous = await app.NewClient().GetAsync($"/schools/{County}/data");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Contains("无权访问", body);
        Assert.DoesNotContain((await app.SchoolAsync(outside)).Name, body);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/login", anonymous.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/schools/{outside}/data/history?year={Year}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/schools/{outside}/indicators/import")).StatusCode);
    }

    private async Task<List<YearlyIndicatorValue>> ValuesAsync(int school, int year, string key)
    {
        return await app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.SchoolId == school && v.Year == year && v.IndicatorKey == key).ToListAsync());
    }
}
