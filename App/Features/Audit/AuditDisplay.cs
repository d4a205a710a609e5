using System.Globalization;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Audit;

/// <summary>One changed field of a user action, as people read it: the field's name in the domain's words, values as shown on the pages.</summary>
public sealed record AuditChange(string Field, string? Old, string? New);

/// <summary>One user action: who (姓名 and role), when, on what, every field it changed, and why.</summary>
public sealed record AuditAction(DateTime AtUtc, string Who, string Subject, string SubjectKey, IReadOnlyList<AuditChange> Changes, string? Reason, bool Created)
{
    /// <summary>The changes in one line: “状态：推进中 → 已完成；整改进度：（空） → 已招聘2人”.</summary>
    public string Summary => string.Join("；", Changes.Select(c => Created || c.Old is null && c.New is not null && Changes.Count > 3
        ? $"{c.Field}：{c.New ?? "（空）"}"
        : $"{c.Field}：{c.Old ?? "（空）"} → {c.New ?? "（空）"}"));
}

/// <summary>
/// Turns the audit trail (one entry per changed column, login names, enum names) into the record people read
/// (操作记录, 修改记录): one row per user action, fields named as the domain names them, values as users see them
/// (已销号, 达标, 2026-12-01), people by 姓名 and role. Pure: the names are looked up by the caller.
/// </summary>
public static class AuditDisplay
{
    // Keys, positions and hashes are bookkeeping: no reader acts on them.
    private static readonly HashSet<string> Hidden =
    [
        "Id", "AssessmentId", "SchoolId", "PlanId", "Position", "Sha256", "StandardVersionId", "Purpose", "ItemCode", "Kind", "Scorer",
        "CreatedBy", "UploadedBy", "UploadedAtUtc", "ReviewedAtUtc", "DimensionCode", "DimensionName", "ItemName", "Veto", "IndicatorKey", "Year",
    ];

    private static readonly Dictionary<string, string> Fields = new(StringComparer.Ordinal)
    {
        // Assessment
        ["State"] = "状态", ["Conclusion"] = "反馈意见", ["FinalTotal"] = "反馈总分", ["FinalGrade"] = "反馈等级", ["SubmittedData"] = "提交的数据",
        ["StandardId"] = "评估标准", ["RoundId"] = "评估轮次", ["ScheduledOn"] = "现场评估日期",
        // ItemScore
        ["Level"] = "评定等级", ["Judged"] = "评分", ["OverrideScore"] = "调整得分", ["OverrideReason"] = "调整理由", ["Comment"] = "评估意见",
        // EvidenceFile
        ["FileName"] = "文件名", ["Length"] = "文件大小", ["Review"] = "审核结果", ["ReviewComment"] = "审核意见", ["ReviewedBy"] = "审核人",
        // RectificationLine
        ["Status"] = "状态", ["Type"] = "整改类型", ["Problem"] = "存在问题", ["PointsLost"] = "失分", ["Goal"] = "整改目标", ["Measures"] = "整改措施",
        ["ResponsibleLeader"] = "责任领导", ["LeadUnit"] = "牵头单位", ["CooperatingUnits"] = "配合单位", ["PersonInCharge"] = "具体责任人",
        ["Deadline"] = "完成时限", ["Progress"] = "整改进度", ["CompletionEvidence"] = "佐证材料", ["Remarks"] = "备注", ["Category"] = "问题类别",
        ["GapResolved"] = "已无差距", ["Current"] = "现状", ["Target"] = "目标值", ["Shortfall"] = "差距",
        // School, yearly values, rounds
        ["Name"] = "名称", ["Region"] = "地区", ["ParentId"] = "上级党校", ["Number"] = "数值", ["Flag"] = "数值", ["StartsOn"] = "开始日期", ["EndsOn"] = "结束日期",
        ["OwnerSchoolId"] = "组织单位",
    };

    /// <summary>The field's name as the domain names it.</summary>
    public static string FieldName(string subject, string field) => (subject, field) switch
    {
        ("RectificationLine", "ReviewComment") => "销号审核意见",
        ("School", "Level") => "层级",
        _ => Fields.GetValueOrDefault(field, field),
    };

    /// <summary>A stored value as users see it: enum names in Chinese, dates as 2026-12-01, people by name.</summary>
    public static string? Value(string subject, string field, string? value, IReadOnlyDictionary<string, string> names,
        Func<string, string?>? gradeName = null)
    {
        if (value is null) return null;
        return (subject, field) switch
        {
            ("Assessment", "State") => Enum.TryParse<AssessmentState>(value, out var s) ? s.Name() : value,
            ("Assessment", "FinalGrade") => gradeName?.Invoke(value) ?? value,
            ("Assessment", "SubmittedData") => "（已冻结）",
            ("RectificationLine", "Status") => Enum.TryParse<RectificationStatus>(value, out var rs) ? rs.Name() : value,
            ("RectificationLine", "Type") => Enum.TryParse<RectificationType>(value, out var rt) ? rt.Name() : value,
            ("EvidenceFile", "Review") => Enum.TryParse<EvidenceReview>(value, out var r)
                ? r switch { EvidenceReview.Accepted => "认可", EvidenceReview.Rejected => "不予认可", _ => "待审核" } : value,
            ("EvidenceFile", "Length") => long.TryParse(value, out var bytes) ? $"{Math.Max(1, bytes / 1024)} KB" : value,
            ("School", "Level") => Enum.TryParse<SchoolLevel>(value, out var l) ? l.Name() : value,
            (_, "ReviewedBy" or "UpdatedBy" or "CreatedBy" or "UploadedBy") => names.GetValueOrDefault(value, value),
            _ when DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                   && value.Contains(' ') && value.Contains(':') => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            _ => value,
        };
    }

    /// <summary>
    /// The entries as actions, newest first: entries written by one save of one thing by one person are one row
    /// (a deleted and re-entered value included: its first old value and its last new one).
    /// </summary>
    public static IReadOnlyList<AuditAction> Actions(IEnumerable<AuditEntry> entries, IReadOnlyDictionary<string, string> names,
        Func<string, string?>? gradeName = null)
    {
        return entries
            .GroupBy(e => (e.AtUtc, e.UserName, e.Subject, e.SubjectKey))
            .OrderByDescending(g => g.Max(e => e.Id))
            .Select(g =>
            {
                var ordered = g.OrderBy(e => e.Id).ToList();
                var created = ordered.Any(e => e.OldValue is null && e.NewValue is not null && e.Field is "ItemCode" or "State" or "FileName" or "Name" && !ordered.Any(x => x.OldValue is not null));
                var changes = ordered.Where(e => !Hidden.Contains(e.Field))
                    .GroupBy(e => e.Field)
                    .Select(f => new AuditChange(FieldName(g.Key.Subject, f.Key),
                        Value(g.Key.Subject, f.Key, f.First().OldValue, names, gradeName), Value(g.Key.Subject, f.Key, f.Last().NewValue, names, gradeName)))
                    .Where(c => c.Old != c.New)
                    .ToList();
                var reason = ordered.Select(e => e.Reason).FirstOrDefault(r => !string.IsNullOrEmpty(r));
                return new AuditAction(g.Key.AtUtc, names.GetValueOrDefault(g.Key.UserName, g.Key.UserName), g.Key.Subject, g.Key.SubjectKey, changes, reason, created);
            })
            .Where(a => a.Changes.Count > 0 || a.Reason is not null)
            .ToList();
    }
}
