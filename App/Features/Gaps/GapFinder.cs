using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Gaps;

/// <summary>Turns a score result into the list of gaps: every item not met, veto items first, then by points lost.</summary>
public static class GapFinder
{
    public static IReadOnlyList<Gap> Find(ScoreResult result, IndicatorCatalog catalog, SchoolData data) =>
        result.Dimensions
            .SelectMany(d => d.Items.Where(i => i.Status != ItemStatus.Met).Select(i => Describe(d.Dimension, i, catalog, data)))
            .OrderByDescending(g => g.Veto)
            .ThenByDescending(g => g.Lost)
            .ThenBy(g => g.Item.Code, StringComparer.Ordinal)
            .ToList();

    private static Gap Describe(Dimension dimension, ItemResult result, IndicatorCatalog catalog, SchoolData data)
    {
        var item = result.Item;
        string? Entered(string key) =>
            data.Indicators.TryGetValue(key, out var v) ? (v.Flag is { } f ? (f ? "是" : "否") : NumberText.Of(v.Number!.Value)) : null;

        if (result.Status == ItemStatus.Missing && result.Override is null)
        {
            var missing = item.Rule.IndicatorKeys.Where(k => Entered(k) is null).Select(k => catalog[k].Name).ToList();
            var what = item.Rule.NeedsJudgement ? $"{item.Name}:待评委评定"
                : missing.Count == 1 ? $"{missing[0]}:未填报"
                : $"{item.Name}:{missing.Count}项指标未填报({string.Join("、", missing)})";
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
                    result.Shortfall is { } rs ? (percent ? NumberText.Of(rs * 100) + "个百分点" : NumberText.Of(rs)) : null);

            case BooleanRule b:
                return new Gap(dimension, result, $"{catalog[b.Indicator].Name}:{Entered(b.Indicator)}", null, null);

            case ChecklistRule c:
                var lacking = c.Indicators.Where(k => Entered(k) != "是").Select(k => catalog[k].Name);
                return new Gap(dimension, result, $"{item.Name}:缺{string.Join("、", lacking)}", null, null);

            case GradedRule g when data.Judgements.TryGetValue(item.Code, out var j):
                var level = g.Levels.First(l => l.Code == j.Level);
                return new Gap(dimension, result, $"{item.Name}:评定 {level.Code} {level.Name}", null, null);

            default:
                var how = result.Override is { } o ? $"评委调整为{NumberText.Of(o.Score)}分({o.Reason})" : $"得{NumberText.Of(result.Score)}分";
                return new Gap(dimension, result, $"{item.Name}:{how}", null, null);
        }
    }

    private static decimal? Value(SchoolData data, string key) =>
        data.Indicators.TryGetValue(key, out var v) ? v.Number : null;
}
