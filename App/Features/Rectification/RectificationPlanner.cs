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
/// </summary>
public static class RectificationPlanner
{
    public static PlanMerge Merge(RectificationPlan plan, IReadOnlyList<Gap> gaps, DateOnly today)
    {
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
                line = Draft(plan, gap, today);
                plan.Lines.Add(line);
                added++;
            }

            line.Position = position;
            line.GapResolved = false;
            Describe(line, gap);
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
    private static void Describe(RectificationLine line, Gap gap)
    {
        line.ItemName = gap.Item.Name;
        line.DimensionCode = gap.Dimension.Code;
        line.DimensionName = gap.Dimension.Name;
        line.Veto = gap.Veto;
        line.Problem = Clip(gap.Description, RectificationRules.LongText);
        line.Current = Clip(gap.Current, RectificationRules.ShortText);
        line.Target = gap.Target is null ? null : Clip(gap.Target, RectificationRules.ShortText);
        line.Shortfall = gap.Shortfall is null ? null : Clip(gap.Shortfall, RectificationRules.ShortText);
        line.PointsLost = gap.Lost;
    }

    private static RectificationLine Draft(RectificationPlan plan, Gap gap, DateOnly today)
    {
        var template = RectificationDefaults.For(gap.Dimension, gap.Item);
        return new RectificationLine
        {
            AssessmentId = plan.AssessmentId,
            SchoolId = plan.SchoolId,
            ItemCode = gap.Item.Code,
            ItemName = gap.Item.Name,
            DimensionCode = gap.Dimension.Code,
            DimensionName = gap.Dimension.Name,
            Category = template.Category,
            Goal = Goal(gap),
            Measures = Clip(gap.Item.Hint is { Length: > 0 } hint ? hint : template.Measures, RectificationRules.LongText),
            Type = template.Type,
            ResponsibleLeader = template.ResponsibleLeader,
            LeadUnit = template.LeadUnit,
            CooperatingUnits = template.CooperatingUnits,
            Deadline = RectificationDefaults.Deadline(template.Type, today, plan.TargetDate),
            CompletionEvidence = Clip(string.Join("、", gap.Item.Evidence), RectificationRules.LongText),
        };
    }

    private static string Goal(Gap gap) =>
        gap.Veto ? $"消除一票否决情形:{gap.Item.Name}"
        : gap.Target is { } target ? $"达到目标值{target},该项得满分{NumberText.Of(gap.Item.Points)}分"
        : $"达到“{gap.Item.Name}”的要求,该项得满分{NumberText.Of(gap.Item.Points)}分";

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
