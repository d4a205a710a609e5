using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Gaps;

/// <summary>
/// The fewest items whose fixing lifts a school to a grade: every veto item and gate met, every failed dimension
/// (or dimension gate) back above its minimum, and the total at the grade's line. Null when the school is there already.
/// </summary>
public sealed record WayToGrade(Grade Target, IReadOnlyList<ItemResult> Items, decimal TotalAfter)
{
    public decimal Gain => Items.Sum(i => i.Lost);

    /// <summary>The way to the grade above the one reached, or to passing for a failing school; null at the top.</summary>
    public static WayToGrade? Next(ScoreResult result)
    {
        var grades = result.Standard.Grades;
        var index = grades.ToList().IndexOf(result.Grade);
        // A failing school aims at the lowest passing grade: passing, with every veto met, comes first.
        var target = result.Passed
            ? (index > 0 ? grades[index - 1] : null)
            : grades.LastOrDefault(g => g.Pass);
        return target is null ? null : To(result, target);
    }

    /// <summary>
    /// Greedy and exact for the count: the veto items are required; in each failed dimension its largest
    /// losses are the fewest that lift it; then the largest remaining losses close the total.
    /// </summary>
    public static WayToGrade? To(ScoreResult result, Grade target)
    {
        var chosen = new List<ItemResult>();
        // Vetoes and item gates are required; reaching an item's target meets its gate, as a gate never lies beyond it.
        chosen.AddRange(result.Items.Where(i => i.IsVetoFailure || i.GateFailed));

        foreach (var dimension in result.Dimensions.Where(d => (d.Dimension.MinRatio ?? d.Dimension.Gate?.MinRatio) is not null && !d.Dimension.Bonus))
        {
            var needed = (dimension.Dimension.MinRatio ?? dimension.Dimension.Gate!.MinRatio) * dimension.Max;
            var score = dimension.Score + chosen.Where(c => dimension.Items.Contains(c)).Sum(c => c.Lost);
            foreach (var item in dimension.Items.Where(i => i.Lost > 0 && !chosen.Contains(i)).OrderByDescending(i => i.Lost))
            {
                if (score >= needed) break;
                chosen.Add(item);
                score += item.Lost;
            }
        }

        var total = result.Total + chosen.Sum(c => c.Lost);
        foreach (var item in result.Items.Where(i => i.Lost > 0 && !chosen.Contains(i)).OrderByDescending(i => i.Lost).ThenBy(i => i.Code, StringComparer.Ordinal))
        {
            if (total >= target.Min) break;
            chosen.Add(item);
            total += item.Lost;
        }

        if (chosen.Count == 0 || total < target.Min) return null;
        return new WayToGrade(target, chosen.OrderByDescending(c => c.IsVetoFailure || c.GateFailed).ThenByDescending(c => c.Lost).ToList(), total);
    }
}
