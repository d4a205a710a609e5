using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Rounds;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>Creating a round (the page's handler calls the service; the form is read over HTTP): who may, what is checked, what is stored; and who sees which rounds.</summary>
public class RoundCreationTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => app.EnsureSeededAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private Task<int> RoundCountAsync() => app.QueryAsync(db => db.EvaluationRounds.CountAsync());

    [Fact]
    public async Task Bad_input_is_refused_whole_with_each_field_named()
    {
        var before = await RoundCountAsync();

        var outcome = await RoundRequests.CreateAsync(app, AppRole.Supervisor, County, "township-six-haves", 1999, name: " ", startsOn: "2025-06-01", endsOn: "2025-03-01");

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal(["endsOn", "name", "year"], RoundRequests.Fields(outcome));
        Assert.Contains("请填写轮次名称", outcome.Errors.For("name"));
        Assert.Contains("评估年度应在 2000–2100 之间", outcome.Errors.For("year"));
        Assert.Contains("结束日期不能早于开始日期", outcome.Errors.For("endsOn"));
        Assert.Equal(before, await RoundCountAsync());
    }

    [Theory]
    [InlineData("no-such-standard", "2025-03-01", "standardId", "评估标准不存在")]
    // A county school's subordinates are township schools: a county standard does not fit its round.
    [InlineData("provincial-evaluation", "2025-03-01", "standardId", "不适用于")]
    [InlineData("township-six-haves", "2025-13-40", "startsOn", "请填写开始日期")]
    public async Task A_wrong_standard_or_date_is_named(string standard, string startsOn, string field, string message)
    {
        var before = await RoundCountAsync();

        var outcome = await RoundRequests.CreateAsync(app, AppRole.Supervisor, County, standard, 2025, startsOn: startsOn);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Equal([field], RoundRequests.Fields(outcome));
        Assert.Contains(message, outcome.Errors.For(field));
        Assert.Equal(before, await RoundCountAsync());
    }

    [Fact]
    public async Task The_supervisor_of_the_owner_creates_a_round()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);

        var id = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, County, "township-six-haves", 2025, "2025年度乡镇党校六个有评估");

        var round = await app.QueryAsync(db => db.EvaluationRounds.AsNoTracking().FirstAsync(r => r.Id == id));
        Assert.Equal(("2025年度乡镇党校六个有评估", "township-six-haves", 2025, County), (round.Name, round.StandardId, round.Year, round.OwnerSchoolId));
        Assert.Equal((new DateOnly(2025, 3, 1), new DateOnly(2025, 12, 31)), (round.StartsOn, round.EndsOn));
        Assert.Equal(SchoolTreeFactory.UserName(AppRole.Supervisor), round.CreatedBy);
        var page = await RoundRequests.GetPageAsync(supervisor, $"/rounds/{id}");
        Assert.Contains("2025年度乡镇党校六个有评估", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-role=add-schools]"));
    }

    [Theory]
    [InlineData(AppRole.Supervisor, Relation.Sibling)]
    [InlineData(AppRole.Supervisor, Relation.Outside)]
    [InlineData(AppRole.SchoolLeader, Relation.Own)]
    [InlineData(AppRole.SchoolStaff, Relation.Own)]
    [InlineData(AppRole.Evaluator, Relation.Own)]
    public async Task No_one_else_creates_a_round(string role, Relation owner)
    {
        var client = await app.ClientForAsync(role);
        var school = await app.SchoolAsync(app.Schools[owner]);
        var before = await RoundCountAsync();

        var form = await client.GetAsync($"/rounds/new?owner={school.Id}");
        var outcome = await RoundRequests.CreateAsync(app, role, school.Id, "optimized-development", 2025, name: "越权轮次");

        // The form is refused at its prerender, the command in the service.
        Assert.Equal(HttpStatusCode.Forbidden, form.StatusCode);
        Assert.True(outcome.Refused);
        var body = await form.Content.ReadAsStringAsync();
        Assert.Contains("无权访问", body);
        Assert.DoesNotContain(school.Name, body);
        Assert.Equal(before, await RoundCountAsync());
        Assert.True(await app.QueryAsync(db => db.SecurityEvents.AnyAsync(e => e.UserName == SchoolTreeFactory.UserName(role) && e.RequestPath == "/rounds/new")));
    }

    [Theory]
    [InlineData(AppRole.Administrator, new[] { Relation.Own, Relation.Child, Relation.Sibling, Relation.Outside })]
    // Its own school's row in the round run by the city, and the round it runs over its township.
    [InlineData(AppRole.Supervisor, new[] { Relation.Own, Relation.Child })]
    [InlineData(AppRole.SchoolLeader, new[] { Relation.Own })]
    [InlineData(AppRole.SchoolStaff, new[] { Relation.Own })]
    // Only the round whose assessment it is assigned to.
    [InlineData(AppRole.Evaluator, new[] { Relation.Own })]
    public async Task The_rounds_list_shows_exactly_what_a_role_may_see(string role, Relation[] visible)
    {
        await app.EnsureSeededAsync();
        var listed = new List<int>();
        for (var page = 1; page < 20; page++)
        {
            // The grid's ServerData asks the service for one page at a time, as the circuit's user.
            var rows = await app.AsAsync<RoundService, Paged<RoundRow>>(SchoolTreeFactory.UserName(role), "/rounds",
                (rounds, user) => rounds.ListAsync(user, new RoundListQuery(page, 10)));
            listed.AddRange(rows.Rows.Select(r => r.Id));
            if (page >= rows.Pages) break;
        }

        foreach (var relation in Enum.GetValues<Relation>())
            Assert.True(visible.Contains(relation) == listed.Contains(app.Rounds[relation]), $"{role} {relation}");
    }

    [Fact]
    public async Task Only_those_who_may_create_are_offered_the_button()
    {
        var supervisor = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.Supervisor), "/rounds");
        var leader = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.SchoolLeader), "/rounds");

        Assert.NotNull(supervisor.QuerySelector("a[href='rounds/new']"));
        Assert.Null(leader.QuerySelector("a[href='rounds/new']"));
    }
}
