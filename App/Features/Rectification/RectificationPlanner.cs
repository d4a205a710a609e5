using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Rectification;

/// <summary>What a generation did to the ledger, for the message the school reads.</summary>
public sealed record PlanMerge(int Added, int Refreshed, int Resolved, int Reopened);

/// <summary>
/// Turns the gap list into ledger lines. A first generation drafts every line from the item's hint and the
/// templates of <see cref="RectificationDefaults"/>; a later one refreshes only the gap's own columns (problem,
/// current, target, points lost), so whatever people wrote stays, and marks lines whose gap has gone.
/// No database here: the service loads the lines, calls this, and saves them in one transaction.
/// 存在问题 is a finding, not a score: the evaluators' finding for the item (<paramref name="findings"/>, from
/// ItemScore.Comment) with the gap's facts (value, target, shortfall in its unit); 整改目标 is the state to reach.
/// </summary>
public static class RectificationPlanner
{
    /// <param name="findings">The evaluators' finding per item code (the final score's comment first, else the evaluators').</param>
    /// <param name="township">The school is a township school: owners and measures of its level.</param>
    public static PlanMerge Merge(RectificationPlan plan, IReadOnlyList<Gap> gaps, DateOnly today,
        IReadOnlyDictionary<string, string>? findings = null, bool township = false)
    {
        findings ??= new Dictionary<string, string>();
        var byItem = plan.Lines.ToDictionary(l => l.ItemCode, StringComparer.Ordinal);
        int added = 0, refreshed = 0, reopened = 0;
        var position = 0;
        foreach (var gap in gaps)
        {
            position++;
            if (byItem.Remove(gap.Item.Code, out var line))
            {
                if (line.GapResolved) reopened++;
                else refreshed++;
            }
            else
            {
                line = Draft(plan, gap, today, township);
                plan.Lines.Add(line);
                added++;
            }

            line.Position = position;
            line.GapResolved = false;
            Describe(line, gap, findings.GetValueOrDefault(gap.Item.Code));
        }

        // Lines whose gap is gone keep what was written and go to the end, in their old order.
        var resolved = 0;
        foreach (var line in byItem.Values.OrderBy(l => l.Position))
        {
            if (!line.GapResolved) resolved++;
            line.GapResolved = true;
            line.Position = ++position;
        }

        return new PlanMerge(added, refreshed, resolved, reopened);
    }

    /// <summary>The gap's own columns: always the latest result's.</summary>
    private static void Describe(RectificationLine line, Gap gap, string? finding)
    {
        line.ItemName = gap.Item.Name;
        line.DimensionCode = gap.Dimension.Code;
        line.DimensionName = gap.Dimension.Name;
        line.Veto = gap.Veto;
        line.Problem = Clip(Problem(gap, finding), RectificationRules.LongText);
        line.Current = Clip(gap.Current, RectificationRules.ShortText);
        line.Target = gap.Target is null ? null : Clip(gap.Target, RectificationRules.ShortText);
        line.Shortfall = gap.Shortfall is null ? null : Clip(gap.Shortfall, RectificationRules.ShortText);
        line.PointsLost = gap.Lost;
    }

    private static RectificationLine Draft(RectificationPlan plan, Gap gap, DateOnly today, bool township)
    {
        var template = RectificationDefaults.For(gap.Dimension, gap.Item, township);
        return new RectificationLine
        {
            AssessmentId = plan.AssessmentId,
            SchoolId = plan.SchoolId,
            ItemCode = gap.Item.Code,
            ItemName = gap.Item.Name,
            DimensionCode = gap.Dimension.Code,
            DimensionName = gap.Dimension.Name,
            Category = template.Category,
            Goal = Clip(Goal(gap), RectificationRules.LongText),
            Measures = Clip(ChineseText.Typeset(template.Measures), RectificationRules.LongText),
            Type = template.Type,
            ResponsibleLeader = template.ResponsibleLeader,
            LeadUnit = template.LeadUnit,
            CooperatingUnits = template.CooperatingUnits,
            Deadline = RectificationDefaults.Deadline(template.Type, today, plan.TargetDate),
            CompletionEvidence = Clip(ChineseText.Typeset(string.Join("、", gap.Item.Evidence)), RectificationRules.LongText),
        };
    }

    /// <summary>
    /// The evaluators' finding per item: the final score's comment first, else the evaluators' comments (each once, in
    /// the order they were written). The school's own comments are not findings.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Findings(IEnumerable<Assessments.ItemScore> scores) =>
        scores.Where(s => s.Kind != Assessments.ScoreKind.Self && !string.IsNullOrWhiteSpace(s.Comment))
            .GroupBy(s => s.ItemCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Any(s => s.Kind == Assessments.ScoreKind.Final)
                ? g.First(s => s.Kind == Assessments.ScoreKind.Final).Comment!.Trim()
                : string.Join("；", g.OrderBy(s => s.UpdatedAtUtc).Select(s => s.Comment!.Trim().TrimEnd('。', '；')).Distinct()), StringComparer.Ordinal);

    /// <summary>
    /// 存在问题: the evaluators' finding, with the gap's facts in brackets ("现有专职教师8人，缺口较大（专职教师人数8人，目标10人，差2人）");
    /// without a finding, the facts alone; never the score or the points lost.
    /// </summary>
    public static string Problem(Gap gap, string? finding)
    {
        var facts = Facts(gap);
        finding = ChineseText.Typeset(finding?.Trim()).TrimEnd('。', '；', '，');
        if (finding.Length == 0) return facts ?? $"未完全达到“{ChineseText.Typeset(gap.Item.Name)}”的要求";
        return facts is null ? finding : $"{finding}（{facts}）";
    }

    /// <summary>What the data says: the value against its target and the shortfall in its unit, or what is missing.</summary>
    private static string? Facts(Gap gap)
    {
        if (gap.Target is { } target)
        {
            // An indicator's value reads "专职教师人数8人"; a ratio item named by its requirement reads "现为20%".
            var value = IsItemName(gap) ? "现为" + Value(gap.Current) : Tight(gap.Current);
            return ChineseText.Typeset($"{value}，目标{target}{(gap.Shortfall is { } s ? $"，差{s}" : "")}");
        }

        // A judgement ("评定 B 较好") or a score ("得0分") is how the item was scored, not a fact about the school.
        if (gap.Result.Status != Scoring.ItemStatus.Missing && (gap.Item.Rule.NeedsJudgement || gap.Result.Override is not null)) return null;
        var current = ChineseText.Typeset(gap.Current);
        return current.Contains("评定", StringComparison.Ordinal) || current.Contains("待评委", StringComparison.Ordinal) ? null : current;
    }

    /// <summary>整改目标: the state to reach, not points: "专职教师人数达到10人".</summary>
    public static string Goal(Gap gap)
    {
        var name = ChineseText.Typeset(gap.Item.Name);
        if (gap.Veto) return $"消除一票否决情形，“{name}”达到标准要求";
        if (gap.Target is { } target) return IsItemName(gap) ? name : ChineseText.Typeset($"{Label(gap.Current)}达到{target}");
        var current = ChineseText.Typeset(gap.Current);
        if (current.Contains("：缺", StringComparison.Ordinal)) return "补齐" + current[(current.IndexOf("：缺", StringComparison.Ordinal) + 2)..];
        return $"“{name}”达到标准要求";
    }

    // "专职教师人数 8人" → "专职教师人数8人" and its label "专职教师人数".
    private static string Tight(string current) => current.LastIndexOf(' ') is > 0 and var i ? current[..i] + current[(i + 1)..] : current;

    private static string Label(string current) => current.LastIndexOf(' ') is > 0 and var i ? current[..i] : current;

    private static string Value(string current) => current.LastIndexOf(' ') is > 0 and var i ? current[(i + 1)..] : current;

    // A ratio's gap is labelled by the item, whose name is the requirement itself ("…占比达到50%").
    private static bool IsItemName(Gap gap) => Label(gap.Current) == gap.Item.Name;

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
