using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Schools;

/// <summary>Signing in and moving through the school tree in a real browser, on the demo data.</summary>
[Collection(BrowserCollection.Name)]
public class SchoolsBrowserTests(BrowserFixture browser)
{
    private async Task<int> SchoolIdAsync(string name)
    {
        await using var scope = browser.App.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await db.Schools.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_school_leader_sees_their_school_and_is_refused_another_by_url()
    {
        var (page, errors) = await browser.SignInAsync("leader");

        // Its own school, and its township schools (read-only): the county school is scored on guiding them.
        var own = await SchoolIdAsync("利川市委党校");
        await using (var scope = browser.App.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var townships = await db.Schools.CountAsync(s => s.ParentId == own && s.Level == SchoolAssessment.Features.Schools.SchoolLevel.Township);
            await Expect(page.Locator("[data-role=school-list] [data-school]")).ToHaveCountAsync(1 + townships);
        }
        await page.GetByRole(AriaRole.Link, new() { Name = "利川市委党校", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-role=standards]")).ToContainTextAsync("优化发展类县级党校创建标准");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "编辑" })).ToHaveCountAsync(0);

        var response = await page.GotoAsync($"{browser.BaseUrl}/schools/{await SchoolIdAsync("阜阳市委党校")}");
        Assert.Equal(403, response!.Status);
        await Expect(page.Locator("[data-role=access-refused]")).ToContainTextAsync("无权访问");
        await Expect(page.Locator("body")).Not.ToContainTextAsync("安徽省阜阳市");
        Assert.All(errors, e => Assert.Contains("403", e)); // the refusal itself, nothing else
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_supervisor_browses_its_subtree_and_adds_a_township_school()
    {
        var (page, errors) = await browser.SignInAsync("supervisor");

        await Expect(page.Locator("[data-role=total]")).ToHaveTextAsync("共 17 所");
        await BrowserFixture.ScreenshotAsync(page, "schools");

        // The search field is enabled once the circuit is up (Fill waits for it); Enter applies it, into the address.
        await page.GetByLabel("名称或地区").FillAsync("利川");
        await page.GetByLabel("名称或地区").PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/schools\?q=%E5%88%A9%E5%B7%9D"));
        await page.GetByRole(AriaRole.Link, new() { Name = "利川市委党校", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-role=children] tr[data-school]")).ToHaveCountAsync(15);

        await page.GetByRole(AriaRole.Link, new() { Name = "新增下级党校" }).ClickAsync();
        await page.GetByLabel("党校名称").FillAsync("白鹊山镇党校");
        await page.GetByLabel("所在地区").FillAsync("湖北省恩施州利川市白鹊山镇");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();

        await Expect(page.Locator("h1")).ToContainTextAsync("白鹊山镇党校");
        await Expect(page.Locator("[data-role=standards]")).ToContainTextAsync("六个有");
        await BrowserFixture.ScreenshotAsync(page, "school");
        Assert.Empty(errors);
    }
}
