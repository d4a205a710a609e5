using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

/// <summary>Checks a school's data against the catalogue and a standard (SCORING.md §6): every bad key is reported.</summary>
public static class SchoolDataValidator
{
    public static IReadOnlyList<InputError> Validate(Standard standard, IndicatorCatalog catalog, SchoolData data)
    {
        var errors = ValidateIndicators(catalog, data.Indicators).ToList();

        foreach (var (code, judgement) in data.Judgements)
        {
            var key = $"judgements.{code}";
            switch (standard.FindItem(code)?.Rule)
            {
                case null:
                    errors.Add(new(key, $"标准 {standard.Id} 中没有评估项目 {code}"));
                    break;
                case GradedRule g when judgement.Level is null || g.Levels.All(l => l.Code != judgement.Level):
                    errors.Add(new(key, $"等级应为 {string.Join("/", g.Levels.Select(l => l.Code))} 之一"));
                    break;
                case JudgementRule when judgement.Score is not { } s || !IsHalfStep(s) || s < 0 || s > standard.FindItem(code)!.Points:
                    errors.Add(new(key, $"评分应在 0 到 {NumberText.Of(standard.FindItem(code)!.Points)} 之间，且为 0.5 的整数倍"));
                    break;
                case GradedRule or JudgementRule:
                    break;
                default:
                    errors.Add(new(key, $"{code} 按数据计分，不接受评委评定"));
                    break;
            }
        }

        foreach (var (code, @override) in data.Overrides)
        {
            var key = $"overrides.{code}";
            if (standard.FindItem(code) is not { } item)
                errors.Add(new(key, $"标准 {standard.Id} 中没有评估项目 {code}"));
            else if (@override.Score < 0 || @override.Score > item.Points || decimal.Round(@override.Score, 2) != @override.Score)
                errors.Add(new(key, $"调整后得分应在 0 到 {NumberText.Of(item.Points)} 之间，且至多两位小数"));
            else if (string.IsNullOrWhiteSpace(@override.Reason))
                errors.Add(new(key, "调整得分必须填写理由"));
        }

        return errors;
    }

    /// <summary>
    /// Checks entered indicator values: known keys, right type, within bounds; then the catalogue's relations (a part
    /// never above its whole), each broken one reported under every field it involves, naming them all.
    /// </summary>
    public static IEnumerable<InputError> ValidateIndicators(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values)
    {
        var valid = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var name = $"indicators.{key}";
            if (catalog.Find(key) is not { } indicator)
            {
                yield return new(name, "未知指标");
                continue;
            }

            var message = Check(indicator, value);
            if (message is not null) yield return new(name, $"{indicator.Name}{message}");
            else valid[key] = value;
        }

        foreach (var breach in BrokenRelations(catalog, valid))
        {
            foreach (var key in breach.Keys) yield return new($"indicators.{key}", breach.Message);
        }
    }

    /// <summary>A relation of the catalogue the values break: the part, the whole's keys, and a message naming them all.</summary>
    public sealed record Breach(string Part, IReadOnlyList<string> Whole, string Message)
    {
        public IEnumerable<string> Keys => Whole.Prepend(Part);
    }

    /// <summary>
    /// The relations (<c>lte</c>) the values break, among those whose part and whole are all entered: "硕士及以上学历
    /// 专职教师人数（40人）不能多于专职教师人数（10人）". A relation with a value not entered is not judged.
    /// </summary>
    public static IReadOnlyList<Breach> BrokenRelations(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values)
    {
        var breaches = new List<Breach>();
        foreach (var indicator in catalog.All.Where(i => i.Lte is not null))
        {
            if (!values.TryGetValue(indicator.Key, out var part) || part.Number is not { } v) continue;
            var wholes = indicator.Lte!.Select(k => values.TryGetValue(k, out var w) ? w.Number : null).ToList();
            if (wholes.Any(w => w is null)) continue;
            var sum = wholes.Sum(w => w!.Value);
            if (v <= sum) continue;

            var unit = indicator.Unit;
            var whole = indicator.Lte!.Count == 1
                ? $"{catalog[indicator.Lte[0]].Name}（{NumberText.Of(sum)}{unit}）"
                : $"{string.Join("与", indicator.Lte.Select(k => catalog[k].Name))}之和（{NumberText.Of(sum)}{unit}）";
            breaches.Add(new Breach(indicator.Key, indicator.Lte!, $"{indicator.Name}（{NumberText.Of(v)}{unit}）不能多于{whole}"));
        }

        return breaches;
    }

    /// <summary>
    /// Stored values as the engine can score them: those the catalogue no longer accepts, and the parts of relations they
    /// break (stored before the relation existed), count as not entered rather than stopping the school's whole result.
    /// </summary>
    public static Dictionary<string, IndicatorValue> Usable(IndicatorCatalog catalog, IEnumerable<KeyValuePair<string, IndicatorValue>> values)
    {
        var usable = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (catalog.Find(key) is { } indicator && Check(indicator, value) is null) usable[key] = value;
        }

        foreach (var breach in BrokenRelations(catalog, usable)) usable.Remove(breach.Part);
        return usable;
    }

    /// <summary>Why a value does not fit its indicator, or null when it does.</summary>
    public static string? Check(Indicator indicator, IndicatorValue value)
    {
        if (indicator.Type == IndicatorType.Boolean)
            return value.Flag is null ? "应为是/否(true/false)" : null;
        if (value.Number is not { } n)
            return "应为数值";
        if (indicator.Type == IndicatorType.Integer && n != decimal.Truncate(n))
            return "应为整数";
        if (n < indicator.Min || n > indicator.Max)
            return $"应在 {NumberText.Of(indicator.Min)} 到 {NumberText.Of(indicator.Max)}{indicator.Unit} 之间";
        return null;
    }

    private static bool IsHalfStep(decimal value) => value * 2 == decimal.Truncate(value * 2);
}
