using SchoolAssessment.Features.Assessments;

namespace SchoolAssessment.Features.Rectification;

/// <summary>
/// Who may do what with a plan, which status moves are allowed, and when a line is overdue.
/// Pure, so the pages, the endpoints, the ledger upload and the tests ask the same rules.
/// </summary>
public static class RectificationRules
{
    public const int ShortText = 200;

    public const int LongText = 2000;

    public static string Name(this RectificationType type) => type switch
    {
        RectificationType.Immediate => "立行立改",
        RectificationType.ByDeadline => "限期整改",
        RectificationType.Ongoing => "长期坚持",
        _ => type.ToString(),
    };

    public static string Name(this RectificationStatus status) => status switch
    {
        RectificationStatus.NotStarted => "未启动",
        RectificationStatus.InProgress => "推进中",
        RectificationStatus.Completed => "已完成",
        RectificationStatus.Closed => "已销号",
        _ => status.ToString(),
    };

    public static RectificationType? ParseType(string? text) =>
        Enum.GetValues<RectificationType>().Cast<RectificationType?>().FirstOrDefault(t => t!.Value.Name() == text?.Trim());

    public static RectificationStatus? ParseStatus(string? text) =>
        Enum.GetValues<RectificationStatus>().Cast<RectificationStatus?>().FirstOrDefault(s => s!.Value.Name() == text?.Trim());

    /// <summary>逾期: past its deadline and not yet done. A completed line waiting for close-out is not overdue.</summary>
    public static bool IsOverdue(RectificationLine line, DateOnly today) =>
        line.Deadline is { } deadline && deadline < today && line.Status is RectificationStatus.NotStarted or RectificationStatus.InProgress;

    /// <summary>The school writes its plan (and generates it) until the assessment is closed.</summary>
    public static bool SchoolMayEdit(AssessmentState state, AssessmentParty party) =>
        (party.SchoolMember || party.Administrator) && state != AssessmentState.Closed;

    /// <summary>Closing a line (销号) is for those who check the school: the supervising school and the evaluators.</summary>
    public static bool MayReview(AssessmentState state, AssessmentParty party) =>
        (party.Supervisor || party.Evaluator || party.Administrator) && state != AssessmentState.Closed;

    /// <summary>The statuses the school sets itself; 已销号 is never one of them.</summary>
    public static bool SchoolMaySet(RectificationStatus from, RectificationStatus to) =>
        from != RectificationStatus.Closed && to != RectificationStatus.Closed;

    /// <summary>A closed line (已销号) keeps its text: the page, the upload and the API refuse to change it.</summary>
    public static bool TextLocked(RectificationStatus status) => status == RectificationStatus.Closed;

    public const string TextLockedMessage = "已销号的事项不能再修改";

    /// <summary>
    /// Why the school may not move a line from one status to another with this reason, or null when it may: 已销号 is
    /// not the school's to set or leave, and a step back needs a reason. The page, the upload and the API ask this.
    /// </summary>
    public static string? StatusChangeRefusal(RectificationStatus from, RectificationStatus to, string? reason) =>
        from == to ? null
        : !SchoolMaySet(from, to) ? (from == RectificationStatus.Closed ? "已销号的事项不能再改状态" : "“已销号”须由评估专家或上级党校审核后在系统中办理")
        : to < from && string.IsNullOrWhiteSpace(reason) ? "状态回退时请写明原因"
        : null;

    /// <summary>Why a line cannot be closed now, or null when it can: completed, with accepted evidence of the fix.</summary>
    public static string? CloseOutRefusal(RectificationLine line, int acceptedEvidence) =>
        line.Status != RectificationStatus.Completed ? $"只有“已完成”的整改事项才能销号(当前为“{line.Status.Name()}”)"
        : acceptedEvidence == 0 ? "销号前须至少有一份经审核认可的整改佐证材料"
        : null;
}
