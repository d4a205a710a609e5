using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>
/// The demo supervisor runs a round in a real browser, on the interactive pages: creates it, adds the schools,
/// schedules a visit in place. Every step waits for a condition (an input enabled once the circuit is up, a
/// snackbar, a row), never for time.
/// </summary>
[Collection(BrowserCollection.Name)]
public partial class RoundBrowserTests(BrowserFixture browser)
{
    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_supervisor_creates_a_round_adds_its_schools_and_schedules_a_visit_in_place()
    {
        var (page, errors) = await browser.SignInAsync("supervisor");
        // From a static page to an interactive one: a full load, then the circuit starts.
        await page.GetByRole(AriaRole.Link, new() { Name = "评估轮次" }).ClickAsync();
        await Expect(page.GetByLabel("查找评估轮次")).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建评估轮次" }).ClickAsync();

        var name = page.GetByLabel("轮次名称");
        await Expect(name).ToBeEnabledAsync(); // prerendered inputs are disabled until the circuit is up
        await name.FillAsync("2026年度利川市乡镇党校六个有评估");
        await ChooseAsync(page, "主办党校", "利川市委党校（县级党校）");
        await ChooseAsync(page, "评估标准", "乡镇（街道）党校“六个有”规范化建设标准");
        await page.GetByLabel("开始日期").FillAsync("2026-03-01");
        await page.GetByLabel("结束日期").FillAsync("2026-11-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("2026年度利川市乡镇党校六个有评估");

        var addAll = page.Locator("button[data-role=add-all]");
        await Expect(addAll).ToBeEnabledAsync();
        var eligible = int.Parse(AddAllName().Match(await addAll.InnerTextAsync()).Groups[1].Value);
        Assert.True(eligible > 0);
        await addAll.ClickAsync();
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"新建评估 {eligible} 项" })).ToBeVisibleAsync();
        var rows = page.Locator("[data-role=round-schools] tr[data-assessment]");
        await Expect(rows).ToHaveCountAsync(Math.Min(eligible, 50));
        await Expect(page.Locator("[data-role=progress-counts] [data-state=SelfAssessment]")).ToHaveAttributeAsync("data-count", eligible.ToString());

        var id = await rows.First.GetAttributeAsync("data-assessment");
        var visit = page.Locator($"#round-school-{id} input[data-role=visit-input]");
        await visit.FillAsync("2026-06-18");
        await visit.PressAsync("Tab");
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = "已保存" })).ToBeVisibleAsync();
        // The trail names the circuit's user, not the /_blazor connection's context.
        Assert.Equal("supervisor", await browser.App.QueryAsync(db => db.AuditEntries
            .Where(e => e.Field == "ScheduledOn" && e.SubjectKey.StartsWith("township-six-haves/2026") && e.Reason == "安排现场评估日期")
            .OrderByDescending(e => e.Id).Select(e => e.UserName).FirstAsync()));
        // An out-of-round date is refused in place and named.
        await visit.FillAsync("2026-12-18");
        await visit.PressAsync("Tab");
        await Expect(page.Locator($"#round-school-{id}")).ToContainTextAsync("现场评估日期应在本轮次时间");
        await BrowserFixture.ScreenshotAsync(page, "round");

        await page.ReloadAsync();
        await Expect(page.Locator($"#round-school-{id} input[data-role=visit-input]")).ToHaveValueAsync("2026-06-18");

        // Signing out from an interactive page is a plain POST with the antiforgery token the circuit rendered. Pressed once
        // the circuit is up (its inputs enabled), never on the prerendered page the circuit is about to replace.
        await Expect(page.Locator($"#round-school-{id} input[data-role=visit-input]")).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "登录" })).ToBeVisibleAsync();
        Assert.Empty(errors);
    }

    /// <summary>Opens a MudSelect by its label and picks an option by its text.</summary>
    private static async Task ChooseAsync(IPage page, string label, string option)
    {
        await page.GetByLabel(label).ClickAsync();
        await page.Locator(".mud-popover-open").GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"（(\d+) 所）")]
    private static partial Regex AddAllName();
}
