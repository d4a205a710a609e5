using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Schools.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Schools;

/// <summary>The school pages in a circuit (bunit): the list's filters in the address, starting an assessment, the forms and their outcomes.</summary>
public class SchoolPageTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    private int County => app.Schools[Relation.Own];

    private NavigationManager Navigation => page.Bunit.Services.GetRequiredService<NavigationManager>();

    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>).</summary>
    private const int Year = 2025;

    public async Task InitializeAsync()
    {
        await app.ResetDatabaseAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.Supervisor));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    private static List<string> Listed(IRenderedComponent<SchoolList> cut) =>
        cut.FindAll("[data-role=school-list] [data-school]").Select(a => a.TextContent.Trim()).ToList();

    [Fact]
    public void The_list_shows_what_the_user_may_see_and_a_search_goes_into_the_address()
    {
        Navigation.NavigateTo("schools");
        var cut = page.Bunit.Render<SchoolList>();

        // Its own county and what lies below it (a test of this class adds a township school there, gone by the next), nothing beside or outside.
        // The rows arrive after the first render where the database answers asynchronously (PostgreSQL).
        cut.WaitForAssertion(() => Assert.Equal(["测试县委党校K1", "测试乡镇党校T1"], Listed(cut).Take(2)));
        var listed = Listed(cut);
        Assert.DoesNotContain(listed, name => name is "测试县委党校K2" or "外县委党校K3" or "测试市委党校");
        Assert.Equal($"共 {listed.Count} 所", cut.Find("[data-role=total]").TextContent.Trim());
        Assert.Empty(cut.FindAll("a[href='schools/new']")); // only an administrator adds a root school

        cut.Find("#q").Change("T1");

        Assert.EndsWith("/schools?q=T1", Navigation.Uri);
        cut.WaitForAssertion(() => Assert.Equal(["测试乡镇党校T1"], Listed(cut)));
        Assert.Equal("共 1 所", cut.Find("[data-role=total]").TextContent.Trim());
    }

    [Fact]
    public async Task The_list_is_filtered_by_level_and_parent_and_sorted_from_the_address()
    {
        await page.SignInAsync(SchoolTreeFactory.UserName(AppRole.Administrator));

        Navigation.NavigateTo("schools?level=County&sort=-name");
        var cut = page.Bunit.Render<SchoolList>();

        // The database orders names by their characters' code points (SQLite's binary collation), descending here.
        cut.WaitForAssertion(() => Assert.Equal(new[] { "外县委党校K3", "测试县委党校K2", "测试县委党校K1" }.OrderDescending(StringComparer.Ordinal), Listed(cut)));
        Assert.Equal("descending", cut.Find("[data-sort=Name]").GetAttribute("aria-sort"));

        // A new address (a link, Back) is a new list from the database.
        Navigation.NavigateTo($"schools?parent={County}&password=changed");

        cut.WaitForAssertion(() => Assert.Contains("测试乡镇党校T1", Listed(cut)));
        Assert.DoesNotContain("测试县委党校K1", Listed(cut));
        Assert.Contains("测试县委党校K1的下级党校", cut.Find("[data-role=parent-filter]").TextContent);
        Assert.Contains("密码已修改。", cut.Find("[data-role=password-changed]").TextContent);
        Assert.NotEmpty(cut.FindAll("a[href='schools/new']"));
    }

    [Fact]
    public void A_parent_the_user_may_not_see_is_not_named_in_the_filter()
    {
        Navigation.NavigateTo($"schools?parent={app.Schools[Relation.Sibling]}");
        var cut = page.Bunit.Render<SchoolList>();

        // Looked for once the list has arrived, not in a first render that comes before it (PostgreSQL).
        cut.WaitForElement("[data-role=total][data-loaded]");
        Assert.Empty(cut.FindAll("[data-role=parent-filter]"));
        Assert.DoesNotContain("测试县委党校K2", cut.Markup);
        Assert.Empty(Listed(cut));
    }

    [Fact]
    public async Task A_leader_starts_an_assessment_and_a_duplicate_is_marked_on_the_year()
    {
        await page.SignInAsync(SchoolTreeFactory.UserName(AppRole.SchoolLeader));
        Navigation.NavigateTo($"schools/{County}");
        var cut = page.Bunit.Render<SchoolDetail>(p => p.Add(x => x.Id, County));

        cut.WaitForElement("#assessment-year").Change(Year.ToString());
        cut.Find("[data-role=start]").Click();

        cut.WaitForAssertion(() => Assert.Matches(@"/assessments/\d+$", Navigation.Uri), TimeSpan.FromSeconds(10));
        var id = int.Parse(Navigation.Uri.Split('/').Last());
        var started = await app.QueryAsync(db => db.Assessments.AsNoTracking().FirstAsync(a => a.Id == id));
        Assert.Equal((County, Year, SchoolTreeFactory.UserName(AppRole.SchoolLeader)), (started.SchoolId, started.Year, started.CreatedBy));
        Assert.Contains("评估已开始", page.Snackbars);

        Navigation.NavigateTo($"schools/{County}");
        var again = page.Bunit.Render<SchoolDetail>(p => p.Add(x => x.Id, County));
        again.WaitForElement("#assessment-year").Change(Year.ToString());
        again.Find("[data-role=start]").Click();

        again.WaitForAssertion(() => Assert.Contains($"{Year} 年该标准的评估已存在", again.Markup), TimeSpan.FromSeconds(10));
        Assert.Equal(1, await app.QueryAsync(db => db.Assessments.CountAsync(a => a.SchoolId == County && a.Year == Year)));
    }

    [Fact]
    public async Task Staff_see_no_start_form_and_a_school_outside_is_refused()
    {
        await page.SignInAsync(SchoolTreeFactory.UserName(AppRole.SchoolStaff));

        var own = page.Bunit.Render<SchoolDetail>(p => p.Add(x => x.Id, County));
        var outside = page.Bunit.Render<SchoolDetail>(p => p.Add(x => x.Id, app.Schools[Relation.Outside]));

        own.WaitForAssertion(() => Assert.Contains("测试县委党校K1", own.Find("h1").TextContent));
        Assert.Empty(own.FindAll("[data-role=start-assessment]"));
        Assert.NotNull(outside.WaitForElement("[data-role=access-refused]"));
        Assert.DoesNotContain("外县委党校K3", outside.Markup);
    }

    [Fact]
    public void A_township_school_shows_no_empty_panel_of_schools_below_it_and_a_county_lists_its_own()
    {
        var township = page.Bunit.Render<SchoolDetail>(p => p.Add(x => x.Id, app.Schools[Relation.Child]));
        var county = page.Bunit.Render<SchoolDetail>(p => p.Add(x => x.Id, County));

        township.WaitForAssertion(() => Assert.Contains("测试乡镇党校T1", township.Find("h1").TextContent));
        Assert.Empty(township.FindAll("[data-role=children]"));
        Assert.DoesNotContain("下级党校</h2>", township.Markup);
        county.WaitForAssertion(() => Assert.NotNull(county.Find($"[data-role=children] tr[data-school='{app.Schools[Relation.Child]}']")));
    }

    [Fact]
    public async Task A_new_school_is_refused_naming_the_field_then_saved_under_its_parent()
    {
        Navigation.NavigateTo($"schools/new?parent={County}");
        var cut = page.Bunit.Render<SchoolEdit>();

        Assert.Contains("测试县委党校K1（县级党校）", cut.WaitForElement("#parent").GetAttribute("value"));
        cut.Find("#region").Change("测试地区新镇");
        cut.Find("[data-role=save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("请填写党校名称", cut.Markup), TimeSpan.FromSeconds(10));
        Assert.False(await app.QueryAsync(db => db.Schools.AnyAsync(s => s.Region == "测试地区新镇")));

        cut.Find("#name").Change("测试新镇党校");
        cut.Find("[data-role=save]").Click();

        cut.WaitForAssertion(() => Assert.Matches(@"/schools/\d+$", Navigation.Uri), TimeSpan.FromSeconds(10));
        var created = await app.QueryAsync(db => db.Schools.AsNoTracking().SingleAsync(s => s.Name == "测试新镇党校"));
        Assert.Equal((County, SchoolLevel.Township), (created.ParentId!.Value, created.Level));
        Assert.EndsWith($"/schools/{created.Id}", Navigation.Uri);
        Assert.Contains("已保存", page.Snackbars);
    }

    [Fact]
    public async Task An_edit_over_someone_else_s_save_shows_what_they_saved_and_keeps_what_was_typed()
    {
        var school = (await SchoolRequests.CreateAsync(app, AppRole.Administrator, County, new SchoolDetails("测试并发镇党校", SchoolLevel.Township, "地区"))).Value!;
        var cut = page.Bunit.Render<SchoolEdit>(p => p.Add(x => x.Id, school.Id));
        var stored = await app.SchoolAsync(school.Id);
        Assert.True((await SchoolRequests.UpdateAsync(app, AppRole.Administrator, school.Id, stored.ConcurrencyStamp,
            new SchoolDetails("他人改的名称", SchoolLevel.Township, "地区"))).Succeeded);

        cut.WaitForElement("#name").Change("我改的名称");
        cut.Find("[data-role=save]").Click();

        cut.WaitForAssertion(() => Assert.Contains("他人改的名称", cut.Find("[data-role=conflict]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal("我改的名称", cut.Find("#name").GetAttribute("value"));
        Assert.Equal("他人改的名称", (await app.SchoolAsync(school.Id)).Name);

        cut.Find("[data-role=save]").Click(); // knowingly, over what is stored now
        cut.WaitForAssertion(() => Assert.EndsWith($"/schools/{school.Id}", Navigation.Uri), TimeSpan.FromSeconds(10));
        Assert.Equal("我改的名称", (await app.SchoolAsync(school.Id)).Name);
    }

    [Fact]
    public async Task A_township_school_moves_under_a_county_found_by_its_name()
    {
        await page.SignInAsync(SchoolTreeFactory.UserName(AppRole.Administrator));
        var school = (await SchoolRequests.CreateAsync(app, AppRole.Administrator, County, new SchoolDetails("测试待迁镇党校", SchoolLevel.Township, "地区"))).Value!;
        var popovers = page.Popovers();
        var cut = page.Bunit.Render<SchoolMove>(p => p.Add(x => x.Id, school.Id));

        Assert.Contains("当前上级：测试县委党校K1", cut.WaitForElement("[data-role=current-parent]").TextContent);
        cut.Find("#parent").Input("K2");
        popovers.WaitForAssertion(() => Assert.NotEmpty(popovers.FindAll(".mud-list-item")), TimeSpan.FromSeconds(10));
        var option = Assert.Single(popovers.FindAll(".mud-list-item")); // K1 is a county too, but its name has no “K2”; cities and townships may not hold a township
        Assert.Contains("测试县委党校K2（县级党校）", option.TextContent);
        option.Click();
        cut.Find("[data-role=move]").Click();

        cut.WaitForAssertion(() => Assert.EndsWith($"/schools/{school.Id}", Navigation.Uri), TimeSpan.FromSeconds(10));
        Assert.Equal(app.Schools[Relation.Sibling], (await app.SchoolAsync(school.Id)).ParentId);
        Assert.Contains("已调整上级", page.Snackbars);
    }

    [Fact]
    public void A_supervisor_may_not_move_its_own_school_nor_add_a_root_school()
    {
        var move = page.Bunit.Render<SchoolMove>(p => p.Add(x => x.Id, County));
        Navigation.NavigateTo("schools/new");
        var root = page.Bunit.Render<SchoolEdit>();

        Assert.NotNull(move.WaitForElement("[data-role=access-refused]"));
        Assert.NotNull(root.WaitForElement("[data-role=access-refused]"));
    }
}
