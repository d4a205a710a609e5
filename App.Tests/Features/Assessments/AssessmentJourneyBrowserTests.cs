using Microsoft.Playwright;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>
/// The inspection, end to end in a real browser on the demo data: the school enters its data and submits, the
/// supervisor sends the team, the evaluator scores and overrides with a reason, the lead issues the feedback.
/// </summary>
[Collection(BrowserCollection.Name)]
public class AssessmentJourneyBrowserTests(BrowserFixture browser)
{
    private static async Task ConfirmAsync(IPage page, string command, string? text = null)
    {
        var card = page.Locator($"[data-command={command}]");
        if (text is not null) await card.Locator("textarea").FillAsync(text);
        await card.GetByRole(AriaRole.Checkbox).CheckAsync();
        await card.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync("已完成");
    }

    [ChromiumFact]
    public async Task School_submits_evaluator_scores_and_overrides_lead_issues_feedback()
    {
        var year = DateTime.Now.Year - 1;

        // The school leader: the year's data, a new assessment, the self-assessment, the submission.
        var (leader, leaderErrors) = await browser.SignInAsync("leader");
        await leader.GotoAsync($"{browser.BaseUrl}/schools");
        await leader.GetByRole(AriaRole.Link, new() { Name = "利川市委党校" }).ClickAsync();
        var school = leader.Url;
        await leader.GotoAsync($"{school}/data?year={year}");
        await leader.Locator("#in-fulltimeTeachers").FillAsync("8");
        await leader.Locator("#in-fulltimeTeachers").PressAsync("Tab");
        await Expect(leader.Locator("#status-fulltimeTeachers [data-role=saved]")).ToBeVisibleAsync();
        await leader.GotoAsync(school);
        await leader.Locator("#assessment-year").FillAsync(year.ToString());
        await leader.GetByRole(AriaRole.Button, new() { Name = "开始评估" }).ClickAsync();
        await Expect(leader.Locator("[data-state=SelfAssessment]")).ToBeVisibleAsync();
        var assessment = leader.Url;
        await leader.GetByRole(AriaRole.Link, new() { Name = "逐项自评" }).ClickAsync();
        await leader.Locator("#level-B5").SelectOptionAsync("B");
        await leader.Locator("#item-B5").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(leader.Locator("#item-B5 [data-role=saved]")).ToBeVisibleAsync();
        await leader.GotoAsync(assessment);
        await ConfirmAsync(leader, "Submit");
        await Expect(leader.Locator("[data-state=Submitted]")).ToBeVisibleAsync();

        // The supervisor: the team and the on-site phase.
        var (supervisor, supervisorErrors) = await browser.SignInAsync("supervisor");
        await supervisor.GotoAsync(assessment);
        await supervisor.GetByLabel("组员 evaluator").CheckAsync();
        await supervisor.GetByLabel("组长 evaluator").CheckAsync();
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "保存评估组" }).ClickAsync();
        await Expect(supervisor.Locator("[data-role=team]")).ToContainTextAsync("evaluator");
        await ConfirmAsync(supervisor, "StartOnSite");

        // The evaluator, who leads: an override with its reason, a final level, the feedback.
        var (evaluator, evaluatorErrors) = await browser.SignInAsync("evaluator");
        await evaluator.GotoAsync(assessment);
        await evaluator.GetByRole(AriaRole.Link, new() { Name = "现场评分" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=values]")).ToContainTextAsync("8人");
        await evaluator.Locator("#override-C1").FillAsync("2");
        await evaluator.Locator("#item-C1").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-field-error=overrideReason]")).ToContainTextAsync("必须填写理由");
        await evaluator.Locator("#override-C1").FillAsync("2");
        await evaluator.Locator("#reason-C1").FillAsync("花名册中2人为借调");
        await evaluator.Locator("#item-C1").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=saved]")).ToBeVisibleAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=scores]")).ToContainTextAsync("计算 3.6");
        await BrowserFixture.ScreenshotAsync(evaluator, "evaluation");

        await evaluator.GetByRole(AriaRole.Link, new() { Name = "组长核定" }).ClickAsync();
        await evaluator.Locator("#level-B5").SelectOptionAsync("B");
        await evaluator.Locator("#item-B5").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(evaluator.Locator("#item-B5 [data-role=saved]")).ToBeVisibleAsync();
        await evaluator.GotoAsync(assessment);
        await ConfirmAsync(evaluator, "IssueFeedback", "专职教师不足10人,需补充;智慧校园使用率待提高。");
        await Expect(evaluator.Locator("[data-state=FeedbackIssued]")).ToBeVisibleAsync();
        await Expect(evaluator.Locator("[data-role=conclusion]")).ToContainTextAsync("专职教师不足10人");
        await Expect(evaluator.Locator("[data-party=反馈结果]")).ToContainTextAsync("5.85"); // C1 computed 3.6 (the override was the evaluator's, not the final) + B5 at B 2.25
        await BrowserFixture.ScreenshotAsync(evaluator, "assessment");
        await evaluator.SetViewportSizeAsync(768, 1024); // a tablet, upright
        await evaluator.GotoAsync(assessment + "/items");
        await BrowserFixture.ScreenshotAsync(evaluator, "evaluation-tablet");

        // Read-only now: the school sees the result and can no longer change its self-assessment.
        await leader.GotoAsync(assessment + "/items");
        await Expect(leader.Locator("form[hx-post*='/items/']")).ToHaveCountAsync(0);

        Assert.Empty(leaderErrors);
        Assert.Empty(supervisorErrors);
        Assert.All(evaluatorErrors, e => Assert.Contains("400", e)); // only the override refused for want of a reason
    }
}
