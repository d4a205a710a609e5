using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Components.Shared;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Rounds.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>The interactive round pages in bunit: type, click, and what the page and the database then hold.</summary>
public class RoundPageTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    private int County => app.Schools[Relation.Own];

    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public async Task InitializeAsync()
    {
        await app.ResetDatabaseAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    private async Task<(int Round, int Assessment)> TownshipRoundAsync(int year)
    {
        var round = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, County, "township-six-haves", year);
        await RoundRequests.AddSchoolsAsync(app, AppRole.Supervisor, round);
        return (round, (await RoundRequests.AssessmentsAsync(app, round))[app.Schools[Relation.Child]]);
    }

    private IRenderedComponent<RoundDetail> OpenRound(int round)
    {
        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"rounds/{round}");
        var cut = page.Bunit.Render<RoundDetail>(p => p.Add(x => x.Id, round));
        cut.WaitForElement("[data-role=progress-counts]"); // loaded (on PostgreSQL the first render is before the data)
        return cut;
    }

    private Task<DateOnly?> VisitAsync(int assessment) =>
        app.QueryAsync(db => db.Assessments.Where(a => a.Id == assessment).Select(a => a.ScheduledOn).FirstAsync());

    [Fact]
    public async Task A_bad_round_names_its_fields_under_them_and_creates_nothing()
    {
        var before = await app.QueryAsync(db => db.EvaluationRounds.CountAsync());
        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"rounds/new?owner={County}");
        var cut = page.Bunit.Render<RoundNew>();

        cut.WaitForElement("#name").Change("2063年度评估");
        cut.Find("#endsOn").Change("2000-01-01");
        cut.Find("[data-role=create]").Click();

        cut.WaitForAssertion(() => Assert.Contains("请选择评估标准", cut.Markup));
        Assert.Contains("结束日期不能早于开始日期", cut.Markup);
        Assert.DoesNotContain("请填写轮次名称", cut.Markup); // the name was typed
        Assert.Contains("未保存：请按标出的提示修改后再保存。", page.Snackbars);
        Assert.Equal(before, await app.QueryAsync(db => db.EvaluationRounds.CountAsync()));
    }

    [Fact]
    public async Task The_organiser_types_a_visit_date_and_it_is_saved_or_named_when_outside_the_round()
    {
        var (round, assessment) = await TownshipRoundAsync(Year);
        var cut = OpenRound(round);

        cut.WaitForElement($"tr[data-assessment='{assessment}'] input[data-role=visit-input]").Change($"{Year}-06-18");
        cut.WaitForAssertion(() => Assert.Contains("已保存", page.Snackbars));
        Assert.Equal(new DateOnly(Year, 6, 18), await VisitAsync(assessment));

        // The saved visit redraws the table (live progress): the field is found again once it is back.
        cut.WaitForElement($"tr[data-assessment='{assessment}'] input[data-role=visit-input]").Change($"{Year + 1}-01-05");
        cut.WaitForAssertion(() => Assert.Contains($"现场评估日期应在本轮次时间 {Year}-03-01 至 {Year}-12-31 之内", cut.Markup));
        // The date stays as typed beside its message; the stored one is unchanged.
        Assert.Equal($"{Year + 1}-01-05", cut.Find($"tr[data-assessment='{assessment}'] input[data-role=visit-input]").GetAttribute("value"));
        Assert.Equal(new DateOnly(Year, 6, 18), await VisitAsync(assessment));
    }

    [Fact]
    public async Task Adding_all_schools_shows_the_summary_and_fills_the_table()
    {
        var round = await RoundRequests.CreatedAsync(app, AppRole.Supervisor, County, "township-six-haves", Year);
        var cut = OpenRound(round);
        // The schools that may be added are counted once the page has loaded: the button is enabled then.
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-role=add-all]").HasAttribute("disabled")));
        Assert.Empty(cut.FindAll("tr[data-assessment]"));

        cut.Find("[data-role=add-all]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tr[data-assessment]")));
        Assert.Contains(page.Snackbars, m => m.StartsWith("已加入党校：新建评估", StringComparison.Ordinal));
        var stored = await RoundRequests.AssessmentsAsync(app, round);
        Assert.Equal(stored.Count, cut.FindAll("tr[data-assessment]").Count);
        Assert.Equal(stored.Count.ToString(), cut.Find("[data-role=progress-counts] [data-state=all]").GetAttribute("data-count"));
    }

    [Fact]
    public async Task An_event_handler_of_a_user_who_may_no_longer_manage_is_refused_and_changes_nothing()
    {
        var (round, assessment) = await TownshipRoundAsync(Year);
        var cut = OpenRound(round);
        // The circuit's user changes under the open page (as the revalidating provider reports a new account state).
        await page.SignInAsync(SchoolTreeFactory.UserName(AppRole.SchoolStaff));

        cut.WaitForElement($"tr[data-assessment='{assessment}'] input[data-role=visit-input]").Change($"{Year}-06-18");

        cut.WaitForAssertion(() => Assert.Contains(OutcomeUi.RefusedMessage, page.Snackbars));
        Assert.NotNull(cut.WaitForElement("[data-role=access-refused]"));
        Assert.DoesNotContain("测试乡镇党校T1", cut.Markup);
        Assert.Null(await VisitAsync(assessment));
        Assert.True(await app.QueryAsync(db => db.SecurityEvents.AnyAsync(e =>
            e.UserName == SchoolTreeFactory.UserName(AppRole.SchoolStaff) && e.Action == "schedule visit" && e.RequestPath == $"/rounds/{round}")));
    }
}
