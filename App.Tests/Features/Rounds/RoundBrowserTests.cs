using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Rounds;

/// <summary>The demo supervisor runs a round in a real browser: creates it, adds the schools, schedules a visit in place.</summary>
[Collection(BrowserCollection.Name)]
public partial class RoundBrowserTests(BrowserFixture browser)
{
    [ChromiumFact]
    public async Task A_supervisor_creates_a_round_adds_its_schools_and_schedules_a_visit_in_place()
    {
        var (page, errors) = await browser.SignInAsync("supervisor");
        await page.GetByRole(AriaRole.Link, new() { Name = "评估轮次" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "新建评估轮次" }).ClickAsync();
        await page.GetByLabel("轮次名称").FillAsync("2026年度利川市乡镇党校六个有评估");
        await page.GetByLabel("主办党校").SelectOptionAsync(new SelectOptionValue { Label = "利川市委党校(县级党校)" });
        await page.GetByLabel("评估标准").SelectOptionAsync(new SelectOptionValue { Label = "乡镇（街道）党校“六个有”规范化建设标准" });
        await page.GetByLabel("评估年度").FillAsync("2026");
        await page.GetByLabel("开始日期").FillAsync("2026-03-01");
        await page.GetByLabel("结束日期").FillAsync("2026-11-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "创建" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("2026年度利川市乡镇党校六个有评估");

        var addAll = page.Locator("[data-role=add-schools] button[value=all]");
        await Expect(addAll).ToContainTextAsync("加入全部符合条件的党校");
        var eligible = int.Parse(AddAllName().Match(await addAll.InnerTextAsync()).Groups[1].Value);
        Assert.True(eligible > 0);
        await addAll.ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync($"新建评估 {eligible} 项");
        var rows = page.Locator("[data-role=round-schools] tr[data-assessment]");
        await Expect(rows).ToHaveCountAsync(eligible);
        await Expect(page.Locator("[data-role=progress-counts] [data-state=SelfAssessment]")).ToHaveAttributeAsync("data-count", eligible.ToString());

        var first = rows.First;
        var id = await first.GetAttributeAsync("data-assessment");
        await first.Locator("input[name=scheduledOn]").FillAsync("2026-06-18");
        await Expect(page.Locator($"#round-school-{id} [data-role=saved]")).ToHaveTextAsync("已保存");
        // An out-of-round date is refused in place and named.
        await page.Locator($"#round-school-{id} input[name=scheduledOn]").FillAsync("2026-12-18");
        await Expect(page.Locator($"#round-school-{id} [data-field-error=scheduledOn]")).ToContainTextAsync("现场评估日期应在本轮次时间");
        await BrowserFixture.ScreenshotAsync(page, "round");

        await page.ReloadAsync();
        await Expect(page.Locator($"#round-school-{id} input[name=scheduledOn]")).ToHaveValueAsync("2026-06-18");
        Assert.All(errors, e => Assert.Contains("400", e)); // only the refused date
    }

    [GeneratedRegex(@"(\d+) 所")]
    private static partial Regex AddAllName();
}
