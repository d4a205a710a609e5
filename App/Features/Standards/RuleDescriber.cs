namespace SchoolAssessment.Features.Standards;

/// <summary>States an item's rule in plain Chinese, e.g. "专职教师人数≥10人得满分，≤5人不得分，之间按比例".</summary>
public static class RuleDescriber
{
    public static string Describe(Item item, IndicatorCatalog catalog) => item.Rule switch
    {
        ThresholdRule t => OnScale(catalog[t.Indicator].Name, v => Value(v, catalog[t.Indicator].Unit), t.Scale, item.Points),
        RatioRule r => OnScale($"{catalog[r.Numerator].Name}占{catalog[r.Denominator].Name}的比例", Ratio, r.Scale, item.Points),
        BooleanRule b => $"{catalog[b.Indicator].Name}：是得满分，否不得分",
        ChecklistRule { Mode: ChecklistMode.AllOrNothing } c =>
            $"以下{c.Indicators.Count}项全部具备得满分，否则不得分：{Names(c, catalog)}",
        ChecklistRule c => $"{Checklist(c.Indicators.Count, item.Points)}：{Names(c, catalog)}",
        GradedRule g => "评委评定等级：" + string.Join("，", g.Levels.Select(l => $"{l.Code} {l.Name}得{NumberText.Of(item.Points * l.Ratio)}分")),
        JudgementRule => $"评委在 0–{NumberText.Of(item.Points)} 分之间评分，以 0.5 分为单位",
        _ => "",
    };

    /// <summary>The item's gate in words ("必备条件：专职教师人数≥5人"), or null where it has none.</summary>
    public static string? DescribeGate(Item item, IndicatorCatalog catalog)
    {
        if (item.Gate is not { } gate) return null;
        var sign = gate.Direction == Direction.AtLeast ? "≥" : "≤";
        return item.Rule switch
        {
            ThresholdRule t => $"必备条件：{catalog[t.Indicator].Name}{sign}{Value(gate.Value, catalog[t.Indicator].Unit)}，未达到的评为不合格等次",
            RatioRule r => $"必备条件：{catalog[r.Numerator].Name}占{catalog[r.Denominator].Name}的比例{sign}{Ratio(gate.Value)}，未达到的评为不合格等次",
            _ => null,
        };
    }

    /// <summary>A dimension's gate in words, or null where it has none.</summary>
    public static string? DescribeGate(Dimension dimension) => dimension.Gate is { } gate
        ? $"必备条件：本项得分不低于满分的{NumberText.Of(gate.MinRatio * 100)}%（{NumberText.Of(gate.MinRatio * dimension.Max)}分），未达到的评为不合格等次"
        : null;

    /// <summary>
    /// A linear checklist scores round2(points × met / n). The points per element are stated only where they are an
    /// exact two-decimal amount, so the words add up to the score; otherwise the share is stated.
    /// </summary>
    private static string Checklist(int count, decimal points)
    {
        var each = points / count;
        return decimal.Round(each, 2) == each
            ? $"以下{count}项全部具备得{NumberText.Of(points)}分，每缺1项扣{NumberText.Of(each)}分"
            : $"以下{count}项全部具备得{NumberText.Of(points)}分，按具备项数比例计分";
    }

    private static string OnScale(string subject, Func<decimal, string> value, Scale s, decimal points)
    {
        var (reach, below) = s.Direction == Direction.AtLeast ? ("≥", "≤") : ("≤", "≥");
        var full = $"{subject}{reach}{value(s.Target)}得满分";
        return s.Mode switch
        {
            ScaleMode.Linear => $"{full}，{below}{value(s.Floor)}不得分，之间按比例",
            ScaleMode.AllOrNothing => $"{full}，否则不得分",
            ScaleMode.HalfCap => $"{full}；未达到的按比例得分，最多得一半（{below}{value(s.Floor)}不得分）",
            ScaleMode.Steps => $"{subject}" + string.Join("，", s.Steps.OrderBy(x => x.Ratio)
                .Select(x => $"{reach}{value(x.At)}得{NumberText.Of(Math.Round(points * x.Ratio, 2, MidpointRounding.AwayFromZero))}分")) + "，否则不得分",
            _ => full,
        };
    }

    private static string Names(ChecklistRule c, IndicatorCatalog catalog) =>
        string.Join("、", c.Indicators.Select(k => catalog[k].Name));

    private static string Value(decimal value, string? unit) => NumberText.Of(value) + unit;

    /// <summary>A ratio target reads as a percentage when it is a share (at most 1).</summary>
    private static string Ratio(decimal value) => value <= 1 ? NumberText.Of(value * 100) + "%" : NumberText.Of(value);
}
