using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>
/// On site, on a tablet (820×1180), in a real browser on the demo data: the evaluator goes through the items one at
/// a time, scores one, sees the progress move, moves on with next and through the index; the lead's assessment page.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AssessmentJourneyBrowserTests(BrowserFixture browser)
{
    /// <summary>An on-site assessment of the demo leader's school, the demo evaluator leading its team (through the services).</summary>
    private async Task<int> OnSiteAsync(int year)
    {
        var schoolId = await browser.App.QueryAsync(db => db.Users.Where(u => u.UserName == "leader").Select(u => u.SchoolId!.Value).FirstAsync());
        var id = await AssessmentSteps.StartAsync(browser.App, "leader", schoolId, "optimized-development", year);
        Assert.True((await AssessmentSteps.AssignAsync(browser.App, "supervisor", id, ["evaluator"], "evaluator")).Succeeded);
        Assert.True((await AssessmentSteps.MoveAsync(browser.App, "leader", id, AssessmentCommand.Submit)).Succeeded);
        Assert.True((await AssessmentSteps.MoveAsync(browser.App, "supervisor", id, AssessmentCommand.StartOnSite)).Succeeded);
        return id;
    }

    private async Task<IPage> SignInAsync(string userName, int width, int height)
    {
        var (page, _) = await browser.OpenAsync("/account/login", width, height, interactive: false);
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(SchoolAssessment.Features.Demo.DemoData.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login"));
        return page;
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task On_a_tablet_the_evaluator_scores_one_item_at_a_time_and_the_progress_moves()
    {
        var id = await OnSiteAsync(2071);
        var page = await SignInAsync("evaluator", 820, 1180);
        await page.GotoAsync($"{browser.BaseUrl}/assessments/{id}/items?item=B5");

        // The circuit is up when the buttons are enabled: wait for that, never for time.
        var save = page.Locator("[data-role=save]");
        await Expect(save).ToBeEnabledAsync();
        await Expect(page.Locator("[data-role=progress-text]")).ToHaveTextAsync("已评 0 / 48 项");
        var level = page.Locator("[data-level=A]");
        var box = await level.BoundingBoxAsync();
        Assert.True(box!.Height >= 44, $"a level button is {box.Height}px high"); // a finger's target

        await level.ClickAsync();
        await Expect(page.Locator("[data-role=pending]")).ToBeVisibleAsync();
        await save.ClickAsync();
        await Expect(page.Locator("[data-role=progress-text]")).ToHaveTextAsync("已评 1 / 48 项");
        await Expect(page.Locator("[data-item=B5] [data-role=saved]")).ToBeVisibleAsync();

        // The progress stays in view while the item scrolls.
        await page.Mouse.WheelAsync(0, 2000);
        await Expect(page.Locator("[data-role=progress-text]")).ToBeInViewportAsync();

        var position = await page.Locator("[data-role=position]").First.TextContentAsync();
        await page.Locator("[data-role=next]").ClickAsync();
        await Expect(page.Locator("[data-item=B5]")).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-role=position]")).Not.ToHaveTextAsync(position!);
        await page.Locator("[data-role=previous]").ClickAsync();
        await Expect(page.Locator("[data-item=B5]")).ToBeVisibleAsync();

        await page.Locator("[data-role=index-toggle]").ClickAsync();
        await page.Locator("[data-index-item=C1]").ClickAsync();
        await Expect(page.Locator("[data-item=C1]")).ToBeVisibleAsync();
        await page.Mouse.WheelAsync(0, -4000);
        await BrowserFixture.ScreenshotAsync(page, "evaluation-tablet");

        var desktop = await SignInAsync("evaluator", 1440, 900);
        await desktop.GotoAsync($"{browser.BaseUrl}/assessments/{id}");
        await Expect(desktop.Locator("[data-role=results]")).ToContainTextAsync("学校自评");
        await Expect(desktop.Locator("[data-command=IssueFeedback] [data-role=give]")).ToBeEnabledAsync();
        await BrowserFixture.ScreenshotAsync(desktop, "assessment");
    }
}
