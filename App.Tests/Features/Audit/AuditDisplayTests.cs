using SchoolAssessment.Features.Audit;

namespace SchoolAssessment.Tests.Features.Audit;

/// <summary>The record as people read it: one row per action, fields and values in the domain's words, people by 姓名.</summary>
public class AuditDisplayTests
{
    private static readonly DateTime At = new(2026, 12, 1, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Dictionary<string, string> Names = new() { ["t-evaluator"] = "王评委（评估专家）", ["t-leader"] = "张校长（学校领导）" };
    private static long _id;

    private static AuditEntry Entry(string subject, string key, string field, string? old, string? @new, string user = "t-evaluator", DateTime? at = null, string? reason = null) =>
        new() { Id = ++_id, AtUtc = at ?? At, UserName = user, Subject = subject, SubjectKey = key, Field = field, OldValue = old, NewValue = @new, Reason = reason };

    [Fact]
    public void One_save_of_one_line_is_one_row_with_every_field_named_and_valued_as_users_see_them()
    {
        var actions = AuditDisplay.Actions(
        [
            Entry("RectificationLine", "7/C1", "Status", "Completed", "Closed", reason: "同意销号"),
            Entry("RectificationLine", "7/C1", "ReviewedBy", null, "t-evaluator", reason: "同意销号"),
            Entry("RectificationLine", "7/C1", "Deadline", "2026-06-30", "2026-12-01", reason: "同意销号"),
            Entry("RectificationLine", "7/C1", "PlanId", null, "3", reason: "同意销号"),
        ], Names);

        var action = Assert.Single(actions);
        Assert.Equal("王评委（评估专家）", action.Who);
        Assert.Equal("同意销号", action.Reason);
        Assert.Equal(
            [new AuditChange("状态", "已完成", "已销号"), new AuditChange("审核人", null, "王评委（评估专家）"), new AuditChange("完成时限", "2026-06-30", "2026-12-01")],
            action.Changes);
        Assert.DoesNotContain("t-evaluator", action.Summary);
    }

    [Fact]
    public void A_deleted_and_re_entered_value_is_one_row_with_its_first_old_and_last_new_value_and_actions_stay_apart()
    {
        var actions = AuditDisplay.Actions(
        [
            Entry("YearlyIndicatorValue", "2026/fulltimeTeachers", "Number", "8", null, user: "t-leader"),
            Entry("YearlyIndicatorValue", "2026/fulltimeTeachers", "Number", null, "10", user: "t-leader"),
            Entry("Assessment", "optimized-development/2026", "State", "OnSite", "FeedbackIssued", at: At.AddMinutes(1)),
            Entry("Assessment", "optimized-development/2026", "FinalGrade", null, "qualified", at: At.AddMinutes(1)),
        ], Names, code => code == "qualified" ? "达标" : null);

        Assert.Equal(2, actions.Count);
        Assert.Equal([new AuditChange("状态", "现场评估", "已反馈"), new AuditChange("反馈等级", null, "达标")], actions[0].Changes); // newest first
        Assert.Equal([new AuditChange("数值", "8", "10")], actions[1].Changes);
        Assert.Equal("张校长（学校领导）", actions[1].Who);
    }
}
