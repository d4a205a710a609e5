using Microsoft.Playwright;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.QuickCheck;

/// <summary>The quick check in a real browser: typing updates the scores without a reload.</summary>
[Collection(BrowserCollection.Name)]
public class QuickCheckBrowserTests(BrowserFixture browser)
{
    /// <summary>The form field of an indicator, by its key; its label is checked by the markup tests.</summary>
    private static ILocator Field(IPage page, string key) => page.Locator($"[name='i.{key}']");

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task Typing_values_updates_the_scores_live()
    {
        var (page, errors) = await browser.OpenAsync("/quick-check");
        var total = page.Locator("[data-standard='optimized-development'] [data-role=total]");
        await Expect(total).ToHaveTextAsync("0");
        var loads = 0;
        page.FrameNavigated += (_, _) => loads++;

        await Field(page, "fulltimeTeachers").FillAsync("8");
        await Expect(total).ToHaveTextAsync("3.6");

        await Field(page, "hasIndependentCampus").SelectOptionAsync("true");
        await Expect(total).ToHaveTextAsync("6.6");

        await Field(page, "fulltimeTeachers").FillAsync("10");
        await Expect(total).ToHaveTextAsync("9"); // C1 met: 6 + 3
        await Expect(page.Locator("[data-standard='optimized-development'] [data-item='C1']")).ToHaveCountAsync(0);

        Assert.Equal(0, loads);
        Assert.Empty(errors);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_value_out_of_bounds_is_named_and_the_scores_come_back_when_fixed()
    {
        var (page, errors) = await browser.OpenAsync("/quick-check");

        await Field(page, "traineeBeds").FillAsync("999999");
        await Expect(page.Locator("[data-role=input-errors]")).ToContainTextAsync("学员宿舍床位数");

        await Field(page, "traineeBeds").FillAsync("100");
        await Expect(page.Locator("[data-standard='optimized-development'] [data-role=total]")).ToHaveTextAsync("3");
        Assert.Empty(errors);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_filled_in_school_shows_grade_and_gaps()
    {
        var (page, errors) = await browser.OpenAsync("/quick-check", height: 1100);
        var values = new Dictionary<string, string>
        {
            ["fulltimeTeachers"] = "8", ["parttimeTeachers"] = "24", ["traineeBeds"] = "80", ["diningSeats"] = "200",
            ["trainingBases"] = "12", ["papersPublished"] = "2", ["researchReports"] = "2", ["businessFunds"] = "35",
        };
        foreach (var (key, value) in values) await Field(page, key).FillAsync(value);
        foreach (var key in new[] { "hasIndependentCampus", "presidentIsCountyLeader" }) await Field(page, key).SelectOptionAsync("true");

        await Expect(page.Locator("[data-standard='optimized-development'] [data-item='C1']")).ToContainTextAsync("差2人");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserFixture.ScreenshotAsync(page, "quick-check");
        Assert.Empty(errors);
    }
}
