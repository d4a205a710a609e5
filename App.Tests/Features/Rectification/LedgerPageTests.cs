using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Rectification.Pages;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Rectification;

/// <summary>The plan and a ledger line as interactive pages in bunit: click, type, and what the page and the database then hold.</summary>
public class LedgerPageTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private InteractivePageContext page = default!;

    private int Assessment => app.Assessments[Relation.Own];

    public async Task InitializeAsync()
    {
        await app.LeaderWithPlanAsync();
        page = await InteractivePageContext.SignedInAsync(app, SchoolTreeFactory.UserName(AppRole.SchoolLeader));
    }

    public async Task DisposeAsync() => await page.DisposeAsync();

    private Task<RectificationLine> LineAsync(int position) =>
        app.QueryAsync(db => db.RectificationLines.AsNoTracking().Where(l => l.AssessmentId == Assessment).OrderBy(l => l.Position).Skip(position).FirstAsync());

    private Task<RectificationLine> ReloadAsync(RectificationLine line) =>
        app.QueryAsync(db => db.RectificationLines.AsNoTracking().FirstAsync(l => l.Id == line.Id));

    private Task ForceStatusAsync(RectificationLine line, RectificationStatus status) => app.QueryAsync(db =>
        db.RectificationLines.Where(l => l.Id == line.Id).ExecuteUpdateAsync(u => u.SetProperty(l => l.Status, status).SetProperty(l => l.ConcurrencyStamp, Guid.NewGuid())));

    private IRenderedComponent<RectificationLinePage> OpenLine(RectificationLine line)
    {
        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"assessments/{Assessment}/plan/lines/{line.Id}");
        return page.Bunit.Render<RectificationLinePage>(p => p.Add(x => x.Id, Assessment).Add(x => x.LineId, line.Id));
    }

    [Fact]
    public async Task The_school_moves_a_line_forward_and_the_page_and_the_ledger_show_it()
    {
        var line = await LineAsync(1);
        await ForceStatusAsync(line, RectificationStatus.NotStarted);
        var cut = OpenLine(line);

        cut.Find("[data-set-status=InProgress]").Click();

        cut.WaitForAssertion(() => Assert.Contains("状态已改为“推进中”", page.Snackbars));
        cut.WaitForAssertion(() => Assert.Equal("InProgress", cut.Find("[data-role=status-card] [data-role=line-status]").GetAttribute("data-status")));
        Assert.Equal(RectificationStatus.InProgress, (await ReloadAsync(line)).Status);
        Assert.Contains("未启动 → 推进中", cut.Find("[data-role=history]").TextContent); // the record, reloaded after the command
    }

    [Fact]
    public async Task A_step_back_without_a_reason_is_refused_with_the_message_under_the_reason_and_saved_once_given()
    {
        var line = await LineAsync(2);
        await ForceStatusAsync(line, RectificationStatus.Completed);
        var cut = OpenLine(line);

        cut.Find("[data-set-status=InProgress]").Click();

        cut.WaitForAssertion(() => Assert.Contains("状态回退时请写明原因", cut.Find("[data-role=status-card]").TextContent));
        Assert.Contains("状态回退时请写明原因", page.Snackbars);
        Assert.Equal(RectificationStatus.Completed, (await ReloadAsync(line)).Status);

        cut.Find("input[data-role=status-comment]").Change("验收发现缺少签字");
        cut.Find("[data-set-status=InProgress]").Click();
        cut.WaitForAssertion(() => Assert.Contains("状态已改为“推进中”", page.Snackbars));
        Assert.Equal(RectificationStatus.InProgress, (await ReloadAsync(line)).Status);
        cut.WaitForAssertion(() => Assert.Contains("已完成 → 推进中（验收发现缺少签字）", cut.Find("[data-role=history]").TextContent));
    }

    [Fact]
    public async Task A_closed_line_s_text_is_locked_on_the_page()
    {
        var line = await LineAsync(3);
        await ForceStatusAsync(line, RectificationStatus.Closed);
        var cut = OpenLine(line);

        Assert.Contains("已销号的事项不能再修改", cut.Find("[data-role=locked]").TextContent);
        Assert.Empty(cut.FindAll("[data-role=save-line]"));
        Assert.Empty(cut.FindAll("[data-set-status]")); // 已销号 is not the school's to leave
        Assert.True(cut.Find("textarea[data-field=measures]").HasAttribute("readonly"));
    }

    [Fact]
    public async Task The_school_saves_a_line_s_text_and_a_bad_date_is_named_under_its_field_with_the_typing_kept()
    {
        var line = await LineAsync(4);
        await ForceStatusAsync(line, RectificationStatus.InProgress);
        var cut = OpenLine(line);

        cut.Find("textarea[data-field=measures]").Change("公开招聘两名专职教师");
        cut.Find("input[data-field=deadline]").Change("明年三月");
        cut.Find("[data-role=save-line]").Click();
        cut.WaitForAssertion(() => Assert.Contains("完成时限：请输入日期", cut.Find("[data-role=line-form]").TextContent));
        Assert.Equal("公开招聘两名专职教师", cut.Find("textarea[data-field=measures]").TextContent.Trim() is { Length: > 0 } t ? t : cut.Find("textarea[data-field=measures]").GetAttribute("value"));
        Assert.NotEqual("公开招聘两名专职教师", (await ReloadAsync(line)).Measures);

        cut.Find("input[data-field=deadline]").Change("2027-03-31");
        cut.Find("[data-role=save-line]").Click();
        cut.WaitForAssertion(() => Assert.Contains("已保存", page.Snackbars));
        var saved = await ReloadAsync(line);
        Assert.Equal(("公开招聘两名专职教师", (DateOnly?)new DateOnly(2027, 3, 31)), (saved.Measures, saved.Deadline));
    }

    [Fact]
    public async Task The_plan_s_counts_follow_a_status_change_made_by_someone_else()
    {
        page.Bunit.Services.GetRequiredService<NavigationManager>().NavigateTo($"assessments/{Assessment}/plan");
        var cut = page.Bunit.Render<RectificationPlanPage>(p => p.Add(x => x.Id, Assessment));
        var completed = int.Parse(cut.Find("[data-count=Completed]").TextContent);
        var line = await LineAsync(5);
        await ForceStatusAsync(line, RectificationStatus.InProgress);
        line = await ReloadAsync(line);

        // Another member of the school, in another circuit, completes the line.
        Assert.True((await app.SetLineStatusAsync(AppRole.SchoolStaff, line, RectificationStatus.Completed)).Succeeded);

        cut.WaitForAssertion(() => Assert.Equal((completed + 1).ToString(), cut.Find("[data-count=Completed]").TextContent.Trim()), TimeSpan.FromSeconds(15));
        Assert.Equal("Completed", cut.Find($"tr[data-line-id='{line.Id}'] [data-role=line-status]").GetAttribute("data-status"));
    }
}
