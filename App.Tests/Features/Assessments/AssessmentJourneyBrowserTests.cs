using Microsoft.Playwright;
using SchoolAssessment.Tests.Features.Documents;
using SchoolAssessment.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace SchoolAssessment.Tests.Features.Assessments;

/// <summary>
/// The inspection, end to end in a real browser on the demo data: the school enters its data and submits, the
/// supervisor sends the team, the evaluator scores and overrides with a reason, the lead keeps the team's override when saving
/// an empty box, accepts the agreed proposals and issues the feedback, whose result is the panel's agreed total.
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

    [Trait("Needs", "Browser")]
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
        await Expect(supervisor.Locator("[data-role=team]")).ToContainTextAsync("评估专家"); // by 姓名, not login name
        await ConfirmAsync(supervisor, "StartOnSite");

        // The evaluator, who leads: an override with its reason and a finding, the graded items, then the final view.
        var (evaluator, evaluatorErrors) = await browser.SignInAsync("evaluator");
        await evaluator.GotoAsync(assessment);
        await evaluator.GetByRole(AriaRole.Link, new() { Name = "现场评分" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=values]")).ToContainTextAsync("8人");
        await evaluator.Locator("#override-C1").FillAsync("2");
        await evaluator.Locator("#item-C1").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-field-error=overrideReason]")).ToContainTextAsync("必须填写理由");
        await Expect(evaluator.Locator("#override-C1")).ToHaveValueAsync("2"); // a refused save keeps what was typed
        await evaluator.Locator("#reason-C1").FillAsync("花名册中2人为借调");
        await evaluator.Locator("#comment-C1").FillAsync("专职教师实有6人，需补充编制");
        await evaluator.Locator("#item-C1").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=saved]")).ToBeVisibleAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=scores]")).ToContainTextAsync("计算 3.6");
        foreach (var (code, level) in new[] { ("B5", "B"), ("D2", "A") })
        {
            await evaluator.Locator($"#level-{code}").SelectOptionAsync(level);
            await evaluator.Locator($"#item-{code}").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
            await Expect(evaluator.Locator($"#item-{code} [data-role=saved]")).ToBeVisibleAsync();
        }
        // Nothing typed is lost: leaving an item with an unsaved value saves it, no button pressed.
        await evaluator.Locator("#level-G2").SelectOptionAsync("A");
        await evaluator.Locator("#comment-G2").FillAsync("学风建设制度健全");
        await evaluator.Locator("#comment-A1").FocusAsync();
        await Expect(evaluator.Locator("#item-G2 [data-role=saved]")).ToBeVisibleAsync();
        await Expect(evaluator.Locator("#item-G2 [data-party='专家 评估专家']")).ToContainTextAsync("学风建设制度健全");
        await BrowserFixture.ScreenshotAsync(evaluator, "evaluation");

        // 组长核定: C1 saved with the override box emptied keeps the team's 2 and its reason; then every agreed proposal at once.
        await evaluator.GetByRole(AriaRole.Link, new() { Name = "组长核定" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=proposal-score]")).ToHaveTextAsync("2");
        await evaluator.Locator("#override-C1").FillAsync("");
        await evaluator.Locator("#reason-C1").FillAsync("");
        await evaluator.Locator("#item-C1").GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(evaluator.Locator("#item-C1 [data-role=saved]")).ToBeVisibleAsync();
        await Expect(evaluator.Locator("#item-C1 [data-party=最终核定]")).ToContainTextAsync("2（计算 3.6）");
        await Expect(evaluator.Locator("#item-C1 [data-party=最终核定]")).ToContainTextAsync("花名册中2人为借调");
        await evaluator.Locator("[data-role=accept-agreed]").ClickAsync();
        await Expect(evaluator.Locator("[data-role=accepted]")).ToContainTextAsync("已采纳评委一致的评分");

        // Before issuing, the panel's total beside the final one; the issued result is the panel's agreed total.
        await evaluator.GotoAsync(assessment);
        var panelTotal = (await evaluator.Locator("[data-role=panel-total] td").Nth(1).TextContentAsync())!.Trim();
        await Expect(evaluator.Locator("[data-role=final-total] td").Nth(1)).ToHaveTextAsync(panelTotal);
        await Expect(evaluator.Locator("[data-role=no-differences]")).ToBeVisibleAsync();
        await ConfirmAsync(evaluator, "IssueFeedback", "专职教师不足10人，需补充；智慧校园使用率待提高。");
        await Expect(evaluator.Locator("[data-state=FeedbackIssued]")).ToBeVisibleAsync();
        await Expect(evaluator.Locator("[data-role=conclusion]")).ToContainTextAsync("专职教师不足10人");
        await Expect(evaluator.Locator("[data-party=反馈结果]")).ToContainTextAsync($"{panelTotal} /");
        await BrowserFixture.ScreenshotAsync(evaluator, "assessment");
        await evaluator.SetViewportSizeAsync(768, 1024); // a tablet, upright
        await evaluator.GotoAsync(assessment + "/items");
        await BrowserFixture.ScreenshotAsync(evaluator, "evaluation-tablet");

        // Read-only now: the school sees the result and can no longer change its self-assessment.
        await leader.GotoAsync(assessment + "/items");
        await Expect(leader.Locator("form[hx-post*='/items/']")).ToHaveCountAsync(0);

        // The rectification: the leader starts it, generates the ledger from the final scores and writes a line.
        await leader.GotoAsync(assessment);
        await ConfirmAsync(leader, "StartRectification");
        await leader.GetByRole(AriaRole.Link, new() { Name = "差距与整改方案" }).ClickAsync();
        await Expect(leader.Locator("[data-role=basis]")).ToContainTextAsync("评估组最终评分");
        await Expect(leader.Locator("[data-role=way-to]").First).ToContainTextAsync("整改");
        await leader.GetByRole(AriaRole.Button, new() { Name = "根据差距生成整改台账" }).ClickAsync();
        await Expect(leader.Locator("[data-role=done]")).ToContainTextAsync("整改台账已更新");
        await leader.SetViewportSizeAsync(1280, 1100);
        await BrowserFixture.ScreenshotAsync(leader, "rectification-plan");
        await leader.Locator("tr[data-line=C1]").GetByRole(AriaRole.Link).ClickAsync();
        // Every save of the line's text, however it is sent (leaving a field, 保存, leaving the page): counted below.
        var lineSaves = 0;
        leader.Request += (_, request) =>
        {
            if (request.Method == "POST" && System.Text.RegularExpressions.Regex.IsMatch(request.Url, @"/rectification/lines/\d+$"))
                Interlocked.Increment(ref lineSaves);
        };
        await leader.GetByLabel("整改措施").FillAsync("申请增加编制2名,年内公开招聘专职教师。");
        await leader.GetByLabel("具体责任人").FillAsync("王主任");
        await leader.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Expect(leader.Locator("[data-role=saved]")).ToContainTextAsync("已保存");
        await leader.GetByRole(AriaRole.Button, new() { Name = "改为已完成" }).ClickAsync();
        await Expect(leader.Locator("[data-role=line-status]")).ToHaveAttributeAsync("data-status", "Completed");
        await leader.Locator("#rectification-evidence-C1 input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "招聘公告.pdf", MimeType = "application/pdf", Buffer = [.. "%PDF-1.7\n"u8, .. new byte[64], .. "%%EOF"u8],
        });
        await leader.Locator("#rectification-evidence-C1").GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await Expect(leader.Locator("#rectification-evidence-C1")).ToContainTextAsync("招聘公告.pdf");
        var line = leader.Url;
        await BrowserFixture.ScreenshotAsync(leader, "rectification-line");

        // The evaluator checks the evidence and closes the line (销号).
        await evaluator.SetViewportSizeAsync(1280, 1000);
        await evaluator.GotoAsync(line);
        await evaluator.Locator("#rectification-evidence-C1").GetByRole(AriaRole.Button, new() { Name = "认可", Exact = true }).ClickAsync();
        await Expect(evaluator.Locator("#rectification-evidence-C1 [data-review=Accepted]")).ToBeVisibleAsync();
        await evaluator.GetByLabel("销号审核意见").FillAsync("招聘公告属实,同意销号。");
        await evaluator.GetByRole(AriaRole.Button, new() { Name = "审核通过,销号" }).ClickAsync();
        await Expect(evaluator.Locator("[data-role=line-status]")).ToHaveAttributeAsync("data-status", "Closed");

        // The documents: the plan as a formal PDF, the ledger as a workbook.
        await leader.GotoAsync(assessment + "/plan");
        // One save for what was typed: the click on 保存 right after leaving the field sent nothing more, and the saved
        // form was not sent again when the page was left (it would have met the reviewer's close with a 409).
        Assert.Equal(1, lineSaves);
        var download = await leader.RunAndWaitForDownloadAsync(() => leader.GetByRole(AriaRole.Link, new() { Name = "整改方案 PDF" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        var text = string.Concat((await Poppler.TextAsync(pdf)).Where(c => !char.IsWhiteSpace(c))); // table cells wrap
        Assert.Contains("整改方案", text);
        Assert.Contains("申请增加编制2名", text);
        Assert.Contains("王主任", text);
        Poppler.Keep(pdf, "plan");

        // The assessment report carries the evaluators' findings, and never "待评委评定".
        var reportDownload = await leader.RunAndWaitForDownloadAsync(() => leader.GetByRole(AriaRole.Link, new() { Name = "评估报告 PDF" }).ClickAsync());
        var report = string.Concat((await Poppler.TextAsync(await File.ReadAllBytesAsync((await reportDownload.PathAsync())!))).Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("专职教师实有6人，需补充编制", report);
        Assert.Contains(panelTotal, report);
        Assert.DoesNotContain("待评委评定", report);

        Assert.Empty(leaderErrors);
        Assert.Empty(supervisorErrors);
        Assert.All(evaluatorErrors, e => Assert.Contains("400", e)); // only the override refused for want of a reason
    }
}
