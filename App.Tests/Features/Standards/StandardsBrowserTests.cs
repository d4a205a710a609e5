using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Standards;

[Collection(BrowserCollection.Name)]
public class StandardsBrowserTests(BrowserFixture browser)
{
    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task From_the_home_page_a_user_reaches_a_standard_s_checklist()
    {
        var (page, errors) = await browser.OpenAsync("/");

        await page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "优化发展类县级党校创建标准" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(browser.BaseUrl + "/standards/optimized-development");
        await Expect(page.Locator("[data-item='C1'] .rule")).ToHaveTextAsync("专职教师人数≥10人得满分，≤5人不得分，之间按比例");
        // The page is drawn with the web font that ships with the app, not a system fallback.
        Assert.True(await page.EvaluateAsync<bool>("document.fonts.check('16px \"Noto Sans SC\"', '专职教师')"));
        await BrowserFixture.ScreenshotAsync(page, "standard");
        Assert.Empty(errors);
    }
}
