using System.Net;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Features.Assessments;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>The round page: progress per state after a move, the schools' rows, the state filter, and what each reader sees.</summary>
public class RoundProgressTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private static Dictionary<string, int> Counts(IDocument page) =>
        page.QuerySelectorAll("[data-role=progress-counts] [data-state]")
            .ToDictionary(a => a.GetAttribute("data-state")!, a => int.Parse(a.GetAttribute("data-count")!));

    private static List<int> Rows(IDocument page) =>
        page.QuerySelectorAll("[data-role=round-schools] tr[data-assessment]").Select(r => int.Parse(r.GetAttribute("data-assessment")!)).ToList();

    /// <summary>A township round of the own county with three schools (T1 and two more), one of them submitted.</summary>
    private async Task<(int Round, Dictionary<int, int> Assessments, int Submitted)> RoundWithOneSubmittedAsync(int year)
    {
        await app.EnsureSeededAsync();
        foreach (var name in new[] { "进度乡镇党校甲", "进度乡镇党校乙" })
            if (!await app.QueryAsync(db => db.Schools.AnyAsync(s => s.Name == name)))
                await RoundRequests.AddSchoolAsync(app, name, SchoolLevel.Township, County);
        var round = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, County, "township-six-haves", year);
        await RoundRequests.AddSchoolsAsync(app, AppRole.Supervisor, round);
        var assessments = await RoundRequests.AssessmentsAsync(app, round);

        // The township has no leader account here; the administrator submits for it.
        var submitted = assessments[app.Schools[Relation.Child]];
        // The assessment page is interactive: its confirmed move calls the service as the circuit's user.
        var moved = await AssessmentSteps.MoveAsync(app, SchoolTreeFactory.UserName(AppRole.Administrator), submitted, AssessmentCommand.Submit);
        Assert.True(moved.Succeeded, string.Join("；", moved.Errors.Select(e => e.Message)));
        return (round, assessments, submitted);
    }

    [Fact]
    public async Task Progress_counts_each_state_as_the_assessments_stand_after_a_move()
    {
        var (round, assessments, _) = await RoundWithOneSubmittedAsync(Year);

        var page = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.Supervisor), $"/rounds/{round}");

        var stored = await app.QueryAsync(db => db.Assessments.Where(a => a.RoundId == round).GroupBy(a => a.State)
            .ToDictionaryAsync(g => g.Key.ToString(), g => g.Count()));
        var counts = Counts(page);
        Assert.Equal(3, assessments.Count);
        Assert.Equal(3, counts["all"]);
        Assert.Equal(2, counts[nameof(AssessmentState.SelfAssessment)]);
        Assert.Equal(1, counts[nameof(AssessmentState.Submitted)]);
        foreach (var state in Enum.GetValues<AssessmentState>())
            Assert.Equal(stored.GetValueOrDefault(state.ToString()), counts[state.ToString()]);
        // The bar has a segment for each state that has schools, and none for the others.
        Assert.Equal(2, page.QuerySelectorAll("[data-role=progress] [role=progressbar]").Length);
    }

    [Fact]
    public async Task The_table_shows_each_school_with_its_state_visit_team_and_assessment()
    {
        var (round, assessments, submitted) = await RoundWithOneSubmittedAsync(Year);

        var page = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.Supervisor), $"/rounds/{round}");

        Assert.Equal(assessments.Values.Order(), Rows(page).Order());
        var row = page.QuerySelector($"tr[data-assessment='{submitted}']")!;
        var cells = row.QuerySelectorAll("td").Select(c => c.Text()).ToList();
        Assert.Equal("测试乡镇党校T1", cells[0]);
        Assert.Equal("测试地区", cells[1]);
        Assert.Equal(SchoolLevel.Township.Name(), cells[2]);
        Assert.Equal(nameof(AssessmentState.Submitted), row.QuerySelector("[data-state]")!.GetAttribute("data-state"));
        Assert.Contains("未指派", row.QuerySelector("[data-role=team]")!.TextContent);
        Assert.NotNull(row.QuerySelector($"a[href='assessments/{submitted}']"));
        // The organiser edits the visit date in place.
        Assert.Equal("date", row.QuerySelector("[data-role=visit] input")!.GetAttribute("type"));
        Assert.Contains("共 3 所", page.QuerySelector("[data-role=round-schools]")!.ParentElement!.TextContent);
    }

    [Fact]
    public async Task The_state_filter_lists_only_that_state()
    {
        var (round, assessments, submitted) = await RoundWithOneSubmittedAsync(Year);
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);

        var onlySubmitted = await RoundRequests.GetPageAsync(supervisor, $"/rounds/{round}?state=Submitted");
        var selfAssessing = await RoundRequests.GetPageAsync(supervisor, $"/rounds/{round}?state=SelfAssessment");
        var none = await RoundRequests.GetPageAsync(supervisor, $"/rounds/{round}?state=Closed");

        Assert.Equal([submitted], Rows(onlySubmitted));
        Assert.Equal(assessments.Values.Where(id => id != submitted).Order(), Rows(selfAssessing).Order());
        Assert.Empty(Rows(none));
        Assert.Contains("没有处于此状态的党校", none.QuerySelector("[data-role=round-schools]")!.TextContent);
    }

    [Fact]
    public async Task A_school_s_leader_sees_its_own_row_only_and_cannot_edit_it()
    {
        var admin = AppRole.Administrator;
        var round = await RoundRequests.CreatedAsync(app, admin, await RoundRequests.ParentOfAsync(app, County), "optimized-development", Year, "全市县级党校创建评估");
        await RoundRequests.AddSchoolsAsync(app, admin, round);
        var assessments = await RoundRequests.AssessmentsAsync(app, round);

        var leader = await RoundRequests.GetPageAsync(await app.ClientForAsync(AppRole.SchoolLeader), $"/rounds/{round}");
        var evaluator = await (await app.ClientForAsync(AppRole.Evaluator)).GetAsync($"/rounds/{round}");

        Assert.Equal(2, assessments.Count);
        Assert.Equal([assessments[County]], Rows(leader));
        Assert.Equal(1, Counts(leader)["all"]);
        Assert.DoesNotContain("测试县委党校K2", leader.Body!.TextContent);
        Assert.Null(leader.QuerySelector("[data-role=visit] input"));
        Assert.Equal("未安排", leader.QuerySelector("[data-role=visit-date]")!.TextContent);
        Assert.Null(leader.QuerySelector("[data-role=add-schools]"));
        Assert.Equal(HttpStatusCode.Forbidden, evaluator.StatusCode); // not on this round's teams
        Assert.DoesNotContain("全市县级党校创建评估", await evaluator.Content.ReadAsStringAsync());
    }
}
