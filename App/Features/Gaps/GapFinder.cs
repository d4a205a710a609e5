using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Gaps;

/// <summary>
/// Turns a score result into the list of gaps: items that lost points (after rounding), whose value is missing, or
/// that leave a veto or a gate unmet. Bonus items are never gaps. Veto and gate gaps first, then by points lost.
/// </summary>
public static class GapFinder
{
    public static IReadOnlyList<Gap> Find(ScoreResult result, IndicatorCatalog catalog, SchoolData data) =>
        result.Dimensions
            .Where(d => !d.Dimension.Bonus)
            .SelectMany(d => d.Items.Where(i => IsGap(i, d)).Select(i => Describe(d, i, catalog, data)))
            .OrderByDescending(g => g.Veto || g.Gate)
            .ThenByDescending(g => g.Lost)
            .ThenBy(g => g.Item.Code, StringComparer.Ordinal)
            .ToList();

    /// <summary>Whether an item is a gap: a "partial" that rounds to full points lost nothing and is not one.</summary>
    public static bool IsGap(ItemResult item, DimensionResult dimension) =>
        !dimension.Dimension.Bonus
        && (item.Lost > 0 || item.Status == ItemStatus.Missing || item.IsVetoFailure || item.GateFailed);

    /// <summary>The required condition the item leaves unmet: its own gate, else its dimension's gate; null if none.</summary>
    private static string? GateNote(DimensionResult dimension, ItemResult item, IndicatorCatalog catalog)
    {
        if (item.GateFailed && item.Item.Gate is { } gate)
        {
            var sign = gate.Direction == Direction.AtLeast ? "≥" : "≤";
            var what = item.Item.Rule switch
            {
                ThresholdRule t => $"{catalog[t.Indicator].Name}{sign}{NumberText.Of(gate.Value)}{catalog[t.Indicator].Unit}",
                RatioRule r => $"{catalog[r.Numerator].Name}占{catalog[r.Denominator].Name}的比例{sign}"
                    + (gate.Value <= 1 ? NumberText.Of(gate.Value * 100) + "%" : NumberText.Of(gate.Value)),
                _ => item.Item.Name,
            };
            return $"必备条件（{what}）";
        }

        return dimension.GateFailed && dimension.Dimension.Gate is { } dg
            ? $"必备条件（“{dimension.Dimension.Name}”得分不低于该项满分的{NumberText.Of(dg.MinRatio * 100)}%）"
            : null;
    }

    private static Gap Describe(DimensionResult dimensionResult, ItemResult result, IndicatorCatalog catalog, SchoolData data) =>
        Describe(dimensionResult.Dimension, result, catalog, data) with { GateNote = GateNote(dimensionResult, result, catalog) };

    private static Gap Describe(Dimension dimension, ItemResult result, IndicatorCatalog catalog, SchoolData data)
    {
        var item = result.Item;
        string? Entered(string key) =>
            data.Indicators.TryGetValue(key, out var v) ? (v.Flag is { } f ? (f ? "是" : "否") : NumberText.Of(v.Number!.Value)) : null;

        if (result.Status == ItemStatus.Missing && result.Override is null)
        {
            var missing = item.Rule.IndicatorKeys.Where(k => Entered(k) is null).Select(k => catalog[k].Name).ToList();
            var what = item.Rule.NeedsJudgement ? $"{item.Name}：待评委评定"
                : missing.Count == 1 ? $"{missing[0]}：未填报"
                : $"{item.Name}：{missing.Count}项指标未填报（{string.Join("、", missing)}）";
            return new Gap(dimension, result, what, null, null);
        }

        switch (item.Rule)
        {
            case ThresholdRule t when Entered(t.Indicator) is { } value:
                var unit = catalog[t.Indicator].Unit;
                return new Gap(dimension, result, $"{catalog[t.Indicator].Name} {value}{unit}",
                    NumberText.Of(t.Scale.Target) + unit, result.Shortfall is { } s ? NumberText.Of(s) + unit : null);

            case RatioRule r when Value(data, r.Numerator) is { } n && Value(data, r.Denominator) is { } d && d != 0:
                var percent = r.Scale.Target <= 1;
                string Shown(decimal x) => percent ? NumberText.Of(Math.Round(x * 100, 1, MidpointRounding.AwayFromZero)) + "%" : NumberText.Of(Math.Round(x, 2));
                return new Gap(dimension, result, $"{item.Name} {Shown(n / d)}", Shown(r.Scale.Target),
                    result.Shortfall is { } rs
                        // In points of a percentage, from the exact share: SCORING.md's shortfall is rounded to hundredths of
                        // the ratio (0.03 for 20% − 16.6%), which would read as 3 个百分点 instead of 3.4.
                        ? (percent ? NumberText.Of(Math.Round(Math.Abs(r.Scale.Target - n / d) * 100, 1, MidpointRounding.AwayFromZero)) + "个百分点" : NumberText.Of(rs))
                        : null);

            case BooleanRule b:
                return new Gap(dimension, result, $"{catalog[b.Indicator].Name}：{Entered(b.Indicator)}", null, null);

            case ChecklistRule c:
                var lacking = c.Indicators.Where(k => Entered(k) != "是").Select(k => catalog[k].Name);
                return new Gap(dimension, result, $"{item.Name}：缺{string.Join("、", lacking)}", null, null);

            case GradedRule g when data.Judgements.TryGetValue(item.Code, out var j):
                var level = g.Levels.First(l => l.Code == j.Level);
                return new Gap(dimension, result, $"{item.Name}：评定 {level.Code} {level.Name}", null, null);

            default:
                var how = result.Override is { } o ? $"评委调整为{NumberText.Of(o.Score)}分（{o.Reason}）" : $"得{NumberText.Of(result.Score)}分";
                return new Gap(dimension, result, $"{item.Name}:{how}", null, null);
        }
    }

    private static decimal? Value(SchoolData data, string key) =>
        data.Indicators.TryGetValue(key, out var v) ? v.Number : null;
}
