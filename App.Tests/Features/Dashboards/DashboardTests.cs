using System.Net;
using System.Text.Json.Nodes;
using AngleSharp.Html.Dom;
using Bunit;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Features.Dashboards.Pages;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Dashboards;

/// <summary>
/// The dashboards on known data: the own county school and its township child have two years of indicators; the
/// sibling and the outside school one year each. What each page shows is checked against the engine's numbers.
/// </summary>
public class DashboardTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private const int Year = 2025;

    public async Task InitializeAsync()
    {
        await app.EnsureSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            if (await db.YearlyIndicatorValues.AnyAsync(v => v.Year == Year)) return;
            void Add(Relation school, int year, string key, decimal? number = null, bool? flag = null) => db.YearlyIndicatorValues.Add(new YearlyIndicatorValue
            {
                SchoolId = app.Schools[school], Year = year, IndicatorKey = key, Number = number, Flag = flag, UpdatedBy = "test",
            });
            Add(Relation.Own, Year, "fulltimeTeachers", 12);
            Add(Relation.Own, Year, "hasIndependentCampus", flag: true);
            Add(Relation.Own, Year - 1, "fulltimeTeachers", 6);
            Add(Relation.Sibling, Year, "fulltimeTeachers", 3);
            Add(Relation.Outside, Year, "fulltimeTeachers", 20);
            Add(Relation.Child, Year, "townshipSchoolEstablished", flag: true);
            await db.SaveChangesAsync();
        }

        var recorder = scope.ServiceProvider.GetRequiredService<ResultRecorder>();
        foreach (var (school, year) in new[] { (Relation.Own, Year), (Relation.Own, Year - 1), (Relation.Sibling, Year), (Relation.Outside, Year), (Relation.Child, Year) })
            await recorder.RecordAsync(app.Schools[school], year, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<IHtmlDocument> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private Task<SupervisorPicture?> PictureAsync(string role, DashboardFilter filter) =>
        app.AsAsync<SupervisorDashboardService, SupervisorPicture?>(SchoolTreeFactory.UserName(role), "/dashboard", (service, user) => service.LoadAsync(user, filter));

    private static List<int> Ranked(SupervisorPicture picture) => picture.Ranking.Rows.Select(r => r.SchoolId).ToList();

    [Fact]
    public async Task A_supervisor_sees_exactly_its_subtree_ranked_with_kpis_grades_and_weakest_items()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);

        var page = await PageAsync(supervisor, $"/dashboard?standard=optimized-development&year={Year}");

        var picture = (await PictureAsync(AppRole.Supervisor, new DashboardFilter("optimized-development", Year)))!;
        Assert.Equal([app.Schools[Relation.Own]], Ranked(picture)); // the child is a township school: another standard; siblings and outsiders are not its own
        Assert.Equal("1", page.QuerySelector("[data-kpi=schools]")!.TextContent.Trim());
        var own = await app.QueryAsync(db => db.SchoolResults.SingleAsync(r => r.SchoolId == app.Schools[Relation.Own] && r.StandardId == "optimized-development" && r.Year == Year));
        Assert.Equal(own.Total, picture.Ranking.Rows.Single().Total);
        Assert.Equal(SchoolAssessment.Features.Standards.NumberText.Of(own.Total), page.QuerySelector("[data-kpi=average]")!.TextContent.Trim());
        Assert.Equal("1", page.QuerySelector($"[data-role=grades] tr[data-grade={own.GradeCode}] td:nth-child(2)")!.TextContent.Trim());
        Assert.NotEmpty(page.QuerySelectorAll("[data-role=weakest] li"));
        Assert.NotNull(page.QuerySelector("[data-role=dashboard] [data-role=chart]"));

        var township = (await PictureAsync(AppRole.Supervisor, new DashboardFilter("township-six-haves", Year)))!;
        Assert.Equal([app.Schools[Relation.Child]], Ranked(township));
    }

    [Fact]
    public async Task Without_a_chosen_standard_the_dashboard_shows_the_one_that_covers_most_of_the_subtree()
    {
        // The root's subtree: two county schools have optimized-development results, one township school township-six-haves.
        var picture = (await PictureAsync(AppRole.Administrator, new DashboardFilter(Year: Year, RootId: app.RootId)))!;

        Assert.Equal("optimized-development", picture.Standard.Id);
        Assert.Equal(2, picture.Schools);

        var library = app.Services.GetRequiredService<SchoolAssessment.Features.Standards.StandardLibrary>();
        var standards = library.Standards.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        var (first, other) = (standards[0], standards[1]);
        Assert.Equal(other, SupervisorDashboardService.DefaultStandard(standards, [new(first.Id, 2025, 179), new(other.Id, 2025, 1755), new(first.Id, 2024, 5000)]));
    }

    [Fact]
    public async Task Items_only_evaluators_score_are_not_yet_assessed_never_the_weakest_requirements()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);

        var page = await PageAsync(supervisor, $"/dashboard?standard=optimized-development&year={Year}");

        var weakest = page.QuerySelectorAll("[data-role=weakest] li").Select(li => li.GetAttribute("data-item")).ToList();
        Assert.NotEmpty(weakest);
        Assert.DoesNotContain("B5", weakest);
        Assert.DoesNotContain("D2", weakest);
        Assert.DoesNotContain("G2", weakest);
        var apart = page.QuerySelector("[data-role=not-yet-assessed]")!.TextContent;
        Assert.Contains("待评定", apart);
        Assert.Contains("B5", apart);
        Assert.Contains("G2", apart);

        var home = await PageAsync(await app.ClientForAsync(AppRole.SchoolLeader), $"/schools/{app.Schools[Relation.Own]}/dashboard");
        Assert.DoesNotContain("待评委评定", home.QuerySelector("[data-role=top-gaps]")!.TextContent);
        Assert.Contains("D2", home.QuerySelector("[data-role=not-yet-assessed]")!.TextContent);
    }

    [Fact]
    public async Task An_administrator_ranks_every_school_and_filters_sorts_and_pages_on_the_server()
    {
        var root = app.RootId;
        DashboardFilter Filter() => new("optimized-development", Year, RootId: root);

        var all = (await PictureAsync(AppRole.Administrator, Filter()))!;
        var totals = all.Ranking.Rows.Select(r => r.Total).ToList();
        Assert.Equal(2, totals.Count); // the root's county schools: the outside school is in another province
        Assert.Equal(totals.OrderByDescending(t => t), totals);

        var byName = (await PictureAsync(AppRole.Administrator, Filter() with { Sort = "name", Descending = false }))!;
        var names = byName.Ranking.Rows.Select(r => r.Name).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);

        var filtered = (await PictureAsync(AppRole.Administrator, Filter() with { Region = "K2" }))!;
        Assert.Equal([app.Schools[Relation.Sibling]], Ranked(filtered));
        Assert.Equal(1, filtered.Schools);

        var notStarted = (await PictureAsync(AppRole.Administrator, Filter() with { State = DashboardFilter.NotStarted }))!;
        Assert.Equal(2, notStarted.Ranking.Rows.Count); // the fixture's assessments are of 2020

        var paged = await app.AsAsync<SupervisorDashboardService, SchoolAssessment.Shared.Paged<RankingRow>?>(AccountSetup.AdministratorUserName, "/dashboard",
            (service, user) => service.RankingPageAsync(user, Filter() with { PageSize = 10, Page = 1, Sort = "total", Descending = false }, all.Schools));
        Assert.Equal(totals.OrderBy(t => t), paged!.Rows.Select(r => r.Total));
    }

    [Fact]
    public async Task A_filter_typed_on_the_page_narrows_the_ranking_and_goes_into_the_address()
    {
        await using var context = await InteractivePageContext.SignedInAsync(app, AccountSetup.AdministratorUserName);
        context.Bunit.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo($"dashboard?standard=optimized-development&year={Year}&root={app.RootId}");
        var cut = context.Bunit.Render<SupervisorDashboard>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-role=ranking] [data-school]").Count));

        cut.Find("input[data-filter=region]").Change("K2");

        cut.WaitForAssertion(() => Assert.Equal([app.Schools[Relation.Sibling].ToString()],
            cut.FindAll("[data-role=ranking] [data-school]").Select(a => a.GetAttribute("data-school"))));
        Assert.Equal("1", cut.Find("[data-kpi=schools]").TextContent.Trim());
        Assert.Contains("region=K2", context.Bunit.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri);
    }

    [Fact]
    public async Task Each_chart_is_drawn_from_the_numbers_of_its_table()
    {
        await using var context = await InteractivePageContext.SignedInAsync(app, AccountSetup.AdministratorUserName);
        context.Bunit.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>()
            .NavigateTo($"dashboard?standard=optimized-development&year={Year}&root={app.RootId}");
        var cut = context.Bunit.Render<SupervisorDashboard>();
        cut.WaitForAssertion(() => Assert.NotEmpty(context.Bunit.JSInterop.Invocations["appCharts.draw"]));

        var table = cut.FindAll("[data-role=grades] tr").Select(tr => int.Parse(tr.QuerySelector("td:nth-child(2)")!.TextContent.Trim())).ToList();
        var charts = context.Bunit.JSInterop.Invocations["appCharts.draw"].Select(i => JsonNode.Parse((string)i.Arguments[1]!)!).ToList();
        var grades = charts.First(c => c["series"]![0]!["name"]!.GetValue<string>() == "学校数");
        Assert.Equal(table, grades["series"]![0]!["data"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(2, table.Sum());
    }

    [Fact]
    public async Task The_dashboard_and_its_reports_are_for_supervisors_and_administrators_only()
    {
        foreach (var role in new[] { AppRole.SchoolLeader, AppRole.SchoolStaff, AppRole.Evaluator })
        {
            var client = await app.ClientForAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/dashboard")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/dashboard/report.xlsx")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/dashboard/report.pdf")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await app.NewClient().GetAsync("/dashboard/report.xlsx")).StatusCode); // signed out: to the sign-in

        var supervisor = await app.ClientForAsync(AppRole.Supervisor);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync($"/dashboard?root={app.Schools[Relation.Outside]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync($"/dashboard?root={app.RootId}")).StatusCode); // above its own school
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/dashboard?root={app.Schools[Relation.Child]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync($"/dashboard/report.xlsx?root={app.Schools[Relation.Outside]}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await supervisor.GetAsync($"/dashboard/report.pdf?root={app.RootId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync($"/dashboard/report.xlsx?root={app.Schools[Relation.Own]}")).StatusCode);
    }

    [Fact]
    public async Task The_regional_workbook_lists_the_filtered_schools_with_the_dashboards_figures()
    {
        var admin = await app.ClientForAsync(AppRole.Administrator);

        var response = await admin.GetAsync($"/dashboard/report.xlsx?standard=optimized-development&year={Year}&root={app.RootId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sheets = SchoolAssessment.Features.Documents.Spreadsheets.XlsxReader.Read(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var ranking = sheets.Single(s => s.Name == "学校排名");
        var schools = ranking.Rows.Where(r => r.Any(c => c.Column == 1 && c.Value is decimal)).Select(r => (string)r.Single(c => c.Column == 2).Value!).ToList();
        Assert.Equal(2, schools.Count);
        Assert.Contains("测试县委党校K1", schools);
        Assert.Contains(sheets.Single(s => s.Name == "概况").Rows, r => r.Any(c => c.Value as string == "学校数") && r.Any(c => c.Value is 2m));
    }

    [Fact]
    public async Task A_schools_dashboard_shows_each_standard_its_trend_and_its_plan_progress()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);

        var page = await PageAsync(leader, $"/schools/{app.Schools[Relation.Own]}/dashboard");

        var optimized = page.QuerySelector("[data-standard=optimized-development]")!;
        var own = await app.QueryAsync(db => db.SchoolResults.SingleAsync(r => r.SchoolId == app.Schools[Relation.Own] && r.StandardId == "optimized-development" && r.Year == Year));
        Assert.Contains(SchoolAssessment.Features.Standards.NumberText.Of(own.Total), optimized.QuerySelector("[data-role=total]")!.TextContent);
        Assert.Equal(2, optimized.QuerySelectorAll("[data-role=trend] tr").Length);
        Assert.NotNull(optimized.QuerySelector("[data-role=vetoes]")); // no data for most veto items: at risk
        Assert.NotEmpty(optimized.QuerySelectorAll("[data-role=top-gaps] li"));
        Assert.NotNull(page.QuerySelector("[data-role=plans] [data-plan]")); // the fixture's ledger line

        Assert.Equal(HttpStatusCode.Forbidden, (await leader.GetAsync($"/schools/{app.Schools[Relation.Sibling]}/dashboard")).StatusCode);
    }
}

public class RegionalRankTests
{
    private static SchoolAssessment.Features.Dashboards.RankingRow Row(decimal total) =>
        new(1, "学校", "地区", SchoolAssessment.Features.Schools.SchoolLevel.County, total, 100, "a", "达标", true, 0, null, "");

    [Fact]
    public void Tied_schools_share_a_rank_and_the_next_skips_whatever_the_order()
    {
        var rows = new[] { Row(93), Row(88.5m), Row(93), Row(93), Row(70) };

        Assert.Equal([1, 4, 1, 1, 5], SchoolAssessment.Features.Dashboards.RegionalReport.Ranks(rows));
    }
}
