using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>A school leader enters the year's data in a real browser: each field saves at once and the scores follow.</summary>
[Collection(BrowserCollection.Name)]
public class YearlyDataBrowserTests(BrowserFixture browser)
{
    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task Each_field_saves_at_once_and_survives_a_reload()
    {
        var (page, errors) = await browser.SignInAsync("staff");
        await page.GetByRole(AriaRole.Link, new() { Name = "利川市委党校", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "填报年度指标" }).ClickAsync();
        var total = page.Locator("#results [data-standard='optimized-development'] [data-role=total]");
        await Expect(total).ToHaveTextAsync("0");
        await Expect(page.Locator("#year")).ToBeEnabledAsync(); // the circuit is up
        await YearlySections.OpenAsync(page, "fulltimeTeachers");
        await Expect(page.Locator("#in-fulltimeTeachers")).ToBeEnabledAsync();

        await page.Locator("#in-fulltimeTeachers").FillAsync("8");
        await page.Locator("#in-fulltimeTeachers").PressAsync("Tab");
        await Expect(page.Locator("#status-fulltimeTeachers [data-role=saved]")).ToHaveTextAsync("已保存");
        await Expect(total).ToHaveTextAsync("3.6");
        // None of these pages has a chart: ECharts (1.1 MB) was never loaded (the dashboards' journeys see it loaded and drawn).
        Assert.True(await page.EvaluateAsync<bool>("() => window.echarts === undefined"));

        // Another section of the form: its tab, then its fields.
        await YearlySections.OpenAsync(page, "hasIndependentCampus");
        await page.Locator("#in-hasIndependentCampus").SelectOptionAsync("true");
        await Expect(page.Locator("#status-hasIndependentCampus [data-role=saved]")).ToHaveTextAsync("已保存");
        await Expect(total).ToHaveTextAsync("6.6");

        await Expect(page.Locator("[data-role=score-bar] [data-standard='optimized-development'] [data-role=bar-total]")).ToHaveTextAsync("6.6");
        await YearlySections.OpenAsync(page, "traineeBeds");
        await page.Locator("#in-traineeBeds").FillAsync("-5");
        await page.Locator("#in-traineeBeds").PressAsync("Tab");
        await Expect(page.Locator("#status-traineeBeds [data-role=error]")).ToContainTextAsync("学员宿舍床位数");

        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "yearly-data");
        await page.SetViewportSizeAsync(820, 1180); // a tablet: the score stays in view
        await page.EvaluateAsync("window.scrollTo(0, document.body.scrollHeight)");
        await Expect(page.Locator("[data-role=score-bar]")).ToBeInViewportAsync();
        await BrowserFixture.ScreenshotAsync(page, "yearly-data-tablet");
        await page.ReloadAsync();
        await Expect(page.Locator("#year")).ToBeEnabledAsync();
        await YearlySections.OpenAsync(page, "fulltimeTeachers");
        await Expect(page.Locator("#in-fulltimeTeachers")).ToHaveValueAsync("8");
        await YearlySections.OpenAsync(page, "traineeBeds");
        await Expect(page.Locator("#in-traineeBeds")).ToHaveValueAsync("");
        Assert.Empty(errors);
    }
}
