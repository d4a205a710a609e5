using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.QuickCheck.Pages;
using SchoolAssessment.Features.YearlyData.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>The interactive yearly form in bunit: type, leave, and the score, the message or the refusal that follows.</summary>
public class YearlyDataPageTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    private int County => app.Schools[Relation.Own];

    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public async Task InitializeAsync()
    {
        await app.ResetDatabaseAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolLeader));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    /// <summary>The form opened at the section of <paramref name="field"/> (as its history link and ?field= do).</summary>
    private IRenderedComponent<YearlyDataPage> Open(int school, int year, string field = "fulltimeTeachers")
    {
        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"schools/{school}/data?year={year}&field={field}");
        var cut = page.Bunit.Render<YearlyDataPage>(p => p.Add(x => x.Id, school));
        // The page loads asynchronously (slower on PostgreSQL): wait for its scores or the refusal.
        cut.WaitForState(() => cut.FindAll("#results [data-standard], [data-role=access-refused]").Count > 0, TimeSpan.FromSeconds(30));
        return cut;
    }

    private static string Total(IRenderedComponent<YearlyDataPage> cut) =>
        cut.Find("#results [data-standard='optimized-development'] [data-role=total]").TextContent;

    [Fact]
    public async Task Typing_a_value_and_leaving_saves_it_and_shows_the_new_score()
    {
        var cut = Open(County, Year);
        Assert.Equal("0", Total(cut));

        await cut.Find("#in-fulltimeTeachers").ChangeAsync(new ChangeEventArgs { Value = "8" });

        cut.WaitForAssertion(() => Assert.Equal("3.6", Total(cut)));
        Assert.Equal("已保存", cut.Find("#status-fulltimeTeachers [data-role=saved]").TextContent);
        Assert.Contains("3.6", cut.Find("[data-role=score-bar] [data-standard='optimized-development']").TextContent);
        Assert.Equal(8m, await app.QueryAsync(db => db.YearlyIndicatorValues
            .Where(v => v.SchoolId == County && v.Year == Year && v.IndicatorKey == "fulltimeTeachers").Select(v => v.Number).SingleAsync()));
    }

    [Fact]
    public async Task An_invalid_value_is_named_under_its_field_kept_as_typed_and_not_saved()
    {
        var cut = Open(County, Year, "traineeBeds");

        await cut.Find("#in-traineeBeds").ChangeAsync(new ChangeEventArgs { Value = "-5" });

        cut.WaitForAssertion(() => Assert.Contains("学员宿舍床位数", cut.Find("#status-traineeBeds [data-role=error]").TextContent));
        Assert.Equal("-5", cut.Find("#in-traineeBeds").GetAttribute("value"));
        Assert.Equal("0", Total(cut));
        Assert.False(await app.QueryAsync(db => db.YearlyIndicatorValues.AnyAsync(v => v.SchoolId == County && v.Year == Year)));
    }

    [Fact]
    public async Task A_value_saved_by_someone_else_appears_live_and_a_stale_save_shows_their_value_and_name()
    {
        var cut = Open(County, Year, "traineeBeds");
        var sameSection = cut.FindAll("input[data-unsaved-field]").Select(i => i.GetAttribute("data-unsaved-field")!).First(k => k != "traineeBeds");

        await YearlyRequests.SaveAsync(app, AppRole.SchoolStaff, County, Year, sameSection, "3");

        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find($"#in-{sameSection}").GetAttribute("value")));
        // The leader, typing into a field another person saves meanwhile, meets it as a conflict.
        await cut.Find("#in-traineeBeds").FocusAsync(new Microsoft.AspNetCore.Components.Web.FocusEventArgs());
        await YearlyRequests.SaveAsync(app, AppRole.SchoolStaff, County, Year, "traineeBeds", "90");
        await cut.Find("#in-traineeBeds").ChangeAsync(new ChangeEventArgs { Value = "100" });

        cut.WaitForAssertion(() => Assert.Contains("改为 90", cut.Find("#status-traineeBeds [data-role=conflict]").TextContent));
        Assert.Contains(AppRole.SchoolStaff, cut.Find("#status-traineeBeds [data-role=conflict]").TextContent);
        Assert.Equal(90m, await app.QueryAsync(db => db.YearlyIndicatorValues
            .Where(v => v.SchoolId == County && v.Year == Year && v.IndicatorKey == "traineeBeds").Select(v => v.Number).SingleAsync()));
    }

    [Fact]
    public async Task A_user_who_may_only_read_gets_disabled_fields_and_the_service_refuses_a_save()
    {
        var child = app.Schools[Relation.Child]; // the leader's township school: read-only
        var cut = Open(child, Year);

        var inputs = cut.FindAll("[data-unsaved-field]"); // a township's own indicators
        Assert.NotEmpty(inputs);
        Assert.All(inputs, i => Assert.True(i.HasAttribute("disabled")));
        var outcome = await YearlyRequests.SaveAsync(app, AppRole.SchoolLeader, child, Year, inputs[0].GetAttribute("data-unsaved-field")!, "3");
        Assert.True(outcome.Refused);
    }

    [Fact]
    public async Task Another_school_s_page_shows_the_refusal_and_nothing_of_the_school()
    {
        await page.SignInAsync(SchoolTreeFactory.UserName(AppRole.SchoolStaff));
        var outside = app.Schools[Relation.Outside];

        var cut = Open(outside, Year);

        Assert.NotNull(cut.Find("[data-role=access-refused]"));
        Assert.DoesNotContain((await app.SchoolAsync(outside)).Name, cut.Markup);
        Assert.Empty(cut.FindAll("input"));
    }

    [Fact]
    public void Only_the_section_in_view_is_rendered()
    {
        var cut = Open(County, Year);

        var fields = cut.FindAll("[data-indicator]").Count;
        cut.WaitForAssertion(() => Assert.True(cut.FindAll(".mud-tab").Count > 1));
        Assert.InRange(fields, 1, 30); // of the ~70 the level's standards read
    }
}
