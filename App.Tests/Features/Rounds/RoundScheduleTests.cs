using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Rounds;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>The organiser's edits of a round's row (the page's handlers call these service commands): the visit date and the team, each answered with the row.</summary>
public class RoundScheduleTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private async Task<(int Round, int Assessment)> TownshipRoundAsync(int year)
    {
        var round = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, County, "township-six-haves", year);
        await RoundRequests.AddSchoolsAsync(app, AppRole.Supervisor, round);
        return (round, (await RoundRequests.AssessmentsAsync(app, round))[app.Schools[Relation.Child]]);
    }

    private Task<Assessment> LoadAsync(int id) =>
        app.QueryAsync(db => db.Assessments.AsNoTracking().Include(a => a.Evaluators).FirstAsync(a => a.Id == id));

    private async Task<CommandOutcome<RoundSchool>> ScheduleAsync(string role, int round, int assessment, string date, Guid? stamp = null) =>
        await RoundRequests.ScheduleAsync(app, role, round, assessment, date, stamp ?? (await LoadAsync(assessment)).ConcurrencyStamp);

    [Fact]
    public async Task The_organiser_sets_the_visit_date_in_place_and_it_is_recorded()
    {
        var (round, assessment) = await TownshipRoundAsync(Year);

        var response = await ScheduleAsync(AppRole.Supervisor, round, assessment, $"{Year}-06-18");

        Assert.True(response.Succeeded);
        Assert.Equal(new DateOnly(Year, 6, 18), response.Value!.ScheduledOn); // the row shown again
        Assert.Equal(new DateOnly(Year, 6, 18), (await LoadAsync(assessment)).ScheduledOn);
        Assert.True(await app.QueryAsync(db => db.AuditEntries.AnyAsync(e => e.Subject == nameof(Assessment) && e.Field == nameof(Assessment.ScheduledOn)
            && e.Reason == "安排现场评估日期" && e.UserName == SchoolTreeFactory.UserName(AppRole.Supervisor))));
    }

    [Fact]
    public async Task A_date_outside_the_round_is_refused_and_named_and_nothing_changes()
    {
        var (round, assessment) = await TownshipRoundAsync(Year);

        var response = await ScheduleAsync(AppRole.Supervisor, round, assessment, $"{Year + 1}-01-05");

        Assert.Equal(OutcomeKind.Invalid, response.Kind);
        Assert.Contains($"现场评估日期应在本轮次时间 {Year}-03-01 至 {Year}-12-31 之内", response.Errors.For("scheduledOn"));
        Assert.Null(response.Value!.ScheduledOn); // the row as stored, to show beside the date as typed
        Assert.Null((await LoadAsync(assessment)).ScheduledOn);
    }

    [Fact]
    public async Task A_date_from_a_stale_row_is_a_conflict_showing_the_other_s_value()
    {
        var (round, assessment) = await TownshipRoundAsync(Year);
        var stale = (await LoadAsync(assessment)).ConcurrencyStamp;
        await ScheduleAsync(AppRole.Administrator, round, assessment, $"{Year}-05-01");

        var response = await ScheduleAsync(AppRole.Supervisor, round, assessment, $"{Year}-07-01", stale);

        Assert.Equal(OutcomeKind.Conflict, response.Kind);
        Assert.Contains($"现为 {Year}-05-01", response.Errors.For("scheduledOn"));
        Assert.Equal(new DateOnly(Year, 5, 1), response.Value!.ScheduledOn);
        Assert.Equal(new DateOnly(Year, 5, 1), (await LoadAsync(assessment)).ScheduledOn);
    }

    [Theory]
    [InlineData(AppRole.SchoolLeader)]
    [InlineData(AppRole.SchoolStaff)]
    [InlineData(AppRole.Evaluator)]
    public async Task Only_the_organiser_schedules(string role)
    {
        var (round, assessment) = await TownshipRoundAsync(Year);

        var response = await ScheduleAsync(role, round, assessment, $"{Year}-06-01");

        Assert.True(response.Refused);
        Assert.Null(response.Value); // nothing of the school comes back
        Assert.Null((await LoadAsync(assessment)).ScheduledOn);
        Assert.True(await app.QueryAsync(db => db.SecurityEvents.AnyAsync(e => e.UserName == SchoolTreeFactory.UserName(role) && e.Action == "schedule visit")));
    }

    [Fact]
    public async Task The_organiser_sends_a_team_through_the_round_and_the_row_shows_it()
    {
        var (round, assessment) = await TownshipRoundAsync(Year);
        var evaluator = SchoolTreeFactory.UserName(AppRole.Evaluator);

        var noLead = await RoundRequests.TeamAsync(app, AppRole.Supervisor, round, assessment, [evaluator], null);
        var sent = await RoundRequests.TeamAsync(app, AppRole.Supervisor, round, assessment, [evaluator], evaluator);

        Assert.Equal(OutcomeKind.Invalid, noLead.Kind);
        Assert.Contains("请从评估专家中指定组长", noLead.Errors.For("lead"));
        Assert.True(sent.Succeeded);
        Assert.True(Assert.Single(sent.Value!.Team, m => m.UserName == evaluator).IsLead);
        var stored = (await LoadAsync(assessment)).Evaluators.Single();
        Assert.True(stored.IsLead);
        // Assigned now, the evaluator sees the round, read-only.
        var page = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.Evaluator), $"/rounds/{round}");
        Assert.Null(page.QuerySelector("[data-role=visit] input"));
        Assert.Contains("组长", page.QuerySelector($"tr[data-assessment='{assessment}'] [data-member='{evaluator}']")!.TextContent);
    }

    [Fact]
    public async Task A_supervisor_does_not_manage_a_round_run_above_it()
    {
        await app.EnsureSeededAsync();
        var round = app.Rounds[Relation.Own]; // run by the city, over K1's assessment
        var assessment = app.Assessments[Relation.Own];

        var response = await ScheduleAsync(AppRole.Supervisor, round, assessment, "2020-06-01");
        var page = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.Supervisor), $"/rounds/{round}");

        Assert.True(response.Refused);
        Assert.Null(page.QuerySelector("[data-role=visit] input"));
        Assert.Null(page.QuerySelector("[data-role=add-schools]"));
    }
}

/// <summary>More than 50 schools in a round: the table is paged by the database.</summary>
public class RoundPagingTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    [Fact]
    public async Task A_round_of_more_than_50_schools_is_paged()
    {
        await app.EnsureSeededAsync();
        var county = app.Schools[Relation.Own];
        for (var i = 1; i <= 54; i++) await RoundRequests.AddSchoolAsync(app, $"分页乡镇党校{i:D2}", SchoolLevel.Township, county);
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);
        var round = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, county, "township-six-haves", 2070);
        await RoundRequests.AddSchoolsAsync(app, AppRole.Supervisor, round);

        var first = await RoundRequests.GetPageAsync(supervisor, $"/rounds/{round}");
        var second = await RoundRequests.GetPageAsync(supervisor, $"/rounds/{round}?page=2");

        var ids = first.QuerySelectorAll("tr[data-assessment]").Concat(second.QuerySelectorAll("tr[data-assessment]")).Select(r => r.GetAttribute("data-assessment")).ToList();
        Assert.Equal(50, first.QuerySelectorAll("tr[data-assessment]").Length);
        Assert.Equal(5, second.QuerySelectorAll("tr[data-assessment]").Length);
        Assert.Equal(55, ids.Distinct().Count());
        Assert.NotNull(first.QuerySelector("[data-role=pager]"));
    }
}
