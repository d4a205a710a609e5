using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Rectification;

/// <summary>Who usually owns a kind of gap and what is usually done about it (DOMAIN.md E.4): the first draft a school edits.</summary>
public sealed record RectificationTemplate(string Category, string ResponsibleLeader, string LeadUnit, string CooperatingUnits, string Measures, RectificationType Type);

public static class RectificationDefaults
{
    // Matched against the item's name first, then its dimension's: "办学保障" holds both funds and buildings.
    private static readonly (string[] Words, RectificationTemplate Template)[] Templates =
    [
        (["经费", "预算", "资金", "拨款"], new("经费保障", "县委分管领导", "县财政局", "县委组织部、党校",
            "提请县委常委会研究，将党校业务经费足额列入年度财政预算；设立培训专项经费。", RectificationType.ByDeadline)),
        (["教师", "师资", "人才", "编制", "职称", "学历", "队伍"], new("师资队伍", "县委组织部部长", "县委组织部", "县委编办、县人社局、党校",
            "申请增加编制，公开招聘与柔性引进相结合；选调符合条件的干部充实教师队伍；实施名师培养计划。", RectificationType.ByDeadline)),
        (["床位", "食堂", "教室", "校舍", "场地", "场所", "设施", "面积", "宿舍", "图书", "网络", "信息化", "基础"], new("基础设施", "县委分管领导", "县发改局",
            "县住建局、县财政局、党校总务科", "提请县委常委会研究新建或改扩建项目；过渡期与周边培训基地签订共享协议。", RectificationType.ByDeadline)),
        (["科研", "咨政", "课题", "论文", "调研", "研究", "决策"], new("科研咨政", "党校常务副校长", "党校科研科", "县委办、县委政研室",
            "建立科研激励与考核办法；与市委党校联合开展课题研究；形成县领导点题的调研选题清单。", RectificationType.Ongoing)),
        (["领导干部讲课", "讲课"], new("教学培训", "县委组织部部长", "县委办", "县委组织部、党校教务科",
            "由县委审定年度领导干部讲课安排，纳入主体班教学计划并落实到人。", RectificationType.ByDeadline)),
        (["教学", "培训", "课程", "班次", "学时", "主体班", "学员", "轮训"], new("教学培训", "党校常务副校长", "党校教务科", "县委组织部",
            "修订年度培训计划，落实主体班次和学时要求；完善课程体系与教学评估。", RectificationType.ByDeadline)),
        (["领导", "党委", "主体责任", "校长", "会议", "体制"], new("领导体制", "县委书记", "县委办", "县委组织部、党校",
            "县委常委会专题研究党校工作，明确主体责任分工并形成会议纪要。", RectificationType.Immediate)),
        (["制度", "管理", "纪律", "安全", "意识形态"], new("管理制度", "党校常务副校长", "党校办公室", "党校各科室",
            "修订完善相关管理制度并严格执行，建立台账定期检查。", RectificationType.Immediate)),
    ];

    private static readonly RectificationTemplate Fallback =
        new("其他", "党校常务副校长", "党校办公室", "", "对照评估标准逐项整改，建立台账、明确时限、跟踪问效。", RectificationType.ByDeadline);

    public static RectificationTemplate For(Dimension dimension, Item item)
    {
        var template = Match(item.Name) ?? Match(dimension.Name) ?? Fallback with { Category = dimension.Name };
        // A veto item （一票否决） is fixed at once: the school cannot pass while it stands.
        return item.Veto ? template with { Type = RectificationType.Immediate } : template;
    }

    private static RectificationTemplate? Match(string text) =>
        Templates.FirstOrDefault(t => t.Words.Any(text.Contains)).Template;

    /// <summary>The default deadline for a line of this type: a month for immediate fixes, the plan's date otherwise, none for ongoing work.</summary>
    public static DateOnly? Deadline(RectificationType type, DateOnly today, DateOnly? planDate) => type switch
    {
        RectificationType.Immediate => today.AddMonths(1),
        RectificationType.ByDeadline => planDate ?? today.AddMonths(6),
        _ => null,
    };
}
