using System.Text.RegularExpressions;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Rectification;

/// <summary>Who usually owns a kind of gap and what is usually done about it (DOMAIN.md E.4): the first draft a school edits.</summary>
public sealed record RectificationTemplate(string Category, string ResponsibleLeader, string LeadUnit, string CooperatingUnits, string Measures, RectificationType Type);

/// <summary>
/// The one source of a drafted line's measures and owners, per kind of gap and level of school. The item's hint
/// (the standard's own advice) gives the measures, and when it names its units ("牵头：…；配合：…") those are the
/// line's units, so the text and the fields never disagree; the template of the gap's kind and the school's level
/// gives the rest. A township school's draft names only township owners (no 县委组织部部长, no 党校常务副校长).
/// </summary>
public static partial class RectificationDefaults
{
    private const string TownshipSecretary = "乡镇（街道）党（工）委书记";
    private const string TownshipDeputy = "乡镇（街道）党（工）委副书记";
    private const string TownshipCommittee = "乡镇（街道）党（工）委";
    private const string TownshipSchool = "乡镇（街道）党校";

    // Matched against the item's name first, then its dimension's: "办学保障" holds both funds and buildings.
    // Each kind: the county school's draft, then the township school's.
    private static readonly (string[] Words, RectificationTemplate County, RectificationTemplate Township)[] Templates =
    [
        // The county (or township) committee's own duties first: "县委常委会专题研究党校工作" is leadership, not research.
        (["常委", "领导小组", "主体责任", "党（工）委", "党(工)委", "党委"],
            new("领导体制", "县委书记", "县委办", "县委组织部、党校",
                "县委常委会专题研究党校工作，明确主体责任分工并形成会议纪要。", RectificationType.Immediate),
            new("领导体制", TownshipSecretary, TownshipCommittee, "",
                "党（工）委会议专题研究党校工作，明确分工并形成会议纪要。", RectificationType.Immediate)),
        (["经费", "预算", "资金", "拨款"],
            new("经费保障", "县委分管领导", "县财政局", "县委组织部、党校",
                "提请县委常委会研究，将党校业务经费足额列入年度财政预算；设立培训专项经费。", RectificationType.ByDeadline),
            new("经费保障", TownshipSecretary, TownshipCommittee, "乡镇（街道）财政所",
                "将党校运转和培训经费列入乡镇（街道）年度预算，专款专用。", RectificationType.ByDeadline)),
        (["教师", "师资", "人才", "编制", "职称", "学历", "队伍"],
            new("师资队伍", "县委分管领导", "县委组织部", "县委编办、县人社局、党校",
                "申请增加编制，公开招聘与柔性引进相结合；选调符合条件的干部充实教师队伍；实施名师培养计划。", RectificationType.ByDeadline),
            new("师资队伍", TownshipDeputy, TownshipCommittee, "县委党校",
                "从班子成员、站所负责人和先进模范中选聘兼职教师，邀请县委党校教师定期授课。", RectificationType.ByDeadline)),
        (["床位", "食堂", "教室", "校舍", "场地", "场所", "设施", "面积", "宿舍", "图书", "网络", "信息化", "基础"],
            new("基础设施", "县委分管领导", "县发改局", "县住建局、县财政局、党校",
                "提请县委常委会研究新建或改扩建项目；过渡期与周边培训基地签订共享协议。", RectificationType.ByDeadline),
            new("基础设施", TownshipDeputy, TownshipCommittee, "乡镇（街道）财政所",
                "盘活党群服务中心、新时代文明实践所等现有场所，配齐教学设施设备。", RectificationType.ByDeadline)),
        (["科研", "咨政", "课题", "论文", "调研", "决策"],
            new("科研咨政", "党校分管副校长", "党校", "县委办、县委政研室",
                "建立科研激励与考核办法；与上级党校联合开展课题研究；形成县领导点题的调研选题清单。", RectificationType.Ongoing),
            new("调查研究", TownshipDeputy, TownshipSchool, "县委党校",
                "围绕乡镇（街道）中心工作确定调研题目，形成调研报告。", RectificationType.Ongoing)),
        (["领导干部讲课", "讲课"],
            new("教学培训", "县委分管领导", "县委办", "县委组织部、党校",
                "由县委审定年度领导干部讲课安排，纳入主体班教学计划并落实到人。", RectificationType.ByDeadline),
            new("教学培训", TownshipSecretary, TownshipCommittee, TownshipSchool,
                "由党（工）委排定班子成员年度讲课安排，纳入培训计划并落实到人。", RectificationType.ByDeadline)),
        (["教学", "培训", "课程", "班次", "学时", "主体班", "学员", "轮训"],
            new("教学培训", "党校分管副校长", "党校", "县委组织部",
                "修订年度培训计划，落实主体班次和学时要求；完善课程体系与教学评估。", RectificationType.ByDeadline),
            new("教学培训", TownshipDeputy, TownshipSchool, "县委党校",
                "制定年度培训计划，落实培训班次和学时，建立学员培训档案。", RectificationType.ByDeadline)),
        (["领导", "党委", "主体责任", "校长", "会议", "体制"],
            new("领导体制", "县委书记", "县委办", "县委组织部、党校",
                "县委常委会专题研究党校工作，明确主体责任分工并形成会议纪要。", RectificationType.Immediate),
            new("领导体制", TownshipSecretary, TownshipCommittee, "",
                "党（工）委会议专题研究党校工作，明确分工并形成会议纪要。", RectificationType.Immediate)),
        (["制度", "管理", "纪律", "安全", "意识形态", "档案"],
            new("管理制度", "党校分管副校长", "党校", "",
                "修订完善相关管理制度并严格执行，建立台账定期检查。", RectificationType.Immediate),
            new("管理制度", TownshipDeputy, TownshipSchool, "",
                "建立完善党校管理制度并严格执行，建立台账定期检查。", RectificationType.Immediate)),
    ];

    private static readonly RectificationTemplate CountyFallback =
        new("其他", "党校分管副校长", "党校", "", "对照评估标准逐项整改，建立台账、明确时限、跟踪问效。", RectificationType.ByDeadline);

    private static readonly RectificationTemplate TownshipFallback =
        new("其他", TownshipDeputy, TownshipSchool, "", "对照评估标准逐项整改，建立台账、明确时限、跟踪问效。", RectificationType.ByDeadline);

    /// <summary>The draft for a county-level school (the default).</summary>
    public static RectificationTemplate For(Dimension dimension, Item item) => For(dimension, item, township: false);

    /// <summary>The draft of a gap's kind for a school of this level; the item's hint, when it has one, gives the measures and names the units.</summary>
    public static RectificationTemplate For(Dimension dimension, Item item, bool township)
    {
        var match = Match(item.Name) ?? Match(dimension.Name);
        var template = match is { } m ? (township ? m.Township : m.County)
            : (township ? TownshipFallback : CountyFallback) with { Category = dimension.Name };
        if (item.Hint is { Length: > 0 } hint)
        {
            var (measures, lead, cooperating) = SplitHint(hint);
            template = template with
            {
                Measures = measures,
                LeadUnit = lead ?? template.LeadUnit,
                CooperatingUnits = lead is null ? template.CooperatingUnits : cooperating ?? "",
            };
        }

        // A veto item （一票否决） is fixed at once: the school cannot pass while it stands.
        return item.Veto ? template with { Type = RectificationType.Immediate } : template;
    }

    /// <summary>
    /// A hint's measures and the units it names: "…并纳入课表(牵头:县委办;配合:党校教务科)" → the measures, "县委办", "党校教务科".
    /// The units leave the measures' text, so a line states them once, in its fields.
    /// </summary>
    public static (string Measures, string? Lead, string? Cooperating) SplitHint(string hint)
    {
        var owners = Owners().Match(hint);
        if (!owners.Success) return (EndSentence(hint), null, null);
        var measures = hint.Remove(owners.Index, owners.Length).Trim();
        string? Part(string name) =>
            owners.Groups["body"].Value.Split([';', '；'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split([':', '：'], 2, StringSplitOptions.TrimEntries))
                .FirstOrDefault(p => p.Length == 2 && p[0] == name) is { } found ? found[1] : null;
        return (EndSentence(measures), Part("牵头"), Part("配合"));
    }

    private static string EndSentence(string text)
    {
        text = text.TrimEnd(' ', ',', '，', ';', '；');
        return text.Length == 0 || "。！？".Contains(text[^1]) ? text : text + "。";
    }

    [GeneratedRegex(@"[(（](?<body>\s*牵头[:：][^()（）]*)[)）]\s*[。.]?\s*$")]
    private static partial Regex Owners();

    private static (string[] Words, RectificationTemplate County, RectificationTemplate Township)? Match(string text) =>
        Templates.FirstOrDefault(t => t.Words.Any(text.Contains)) is { Words: not null } found ? found : null;

    /// <summary>The default deadline for a line of this type: a month for immediate fixes, the plan's date otherwise, none for ongoing work.</summary>
    public static DateOnly? Deadline(RectificationType type, DateOnly today, DateOnly? planDate) => type switch
    {
        RectificationType.Immediate => today.AddMonths(1),
        RectificationType.ByDeadline => planDate ?? today.AddMonths(6),
        _ => null,
    };
}
