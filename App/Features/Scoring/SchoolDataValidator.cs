using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

/// <summary>Checks a school's data against the catalogue and a standard (SCORING.md §6): every bad key is reported.</summary>
public static class SchoolDataValidator
{
    public static IReadOnlyList<InputError> Validate(Standard standard, IndicatorCatalog catalog, SchoolData data)
    {
        var errors = IndicatorErrors(catalog, data.Indicators) ?? [];
        AddJudgementErrors(standard, data, errors);
        return errors;
    }

    /// <summary>The judgements' and overrides' errors against the standard's items.</summary>
    internal static void AddJudgementErrors(Standard standard, SchoolData data, List<InputError> errors)
    {
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
    }

    /// <summary>
    /// Checks entered indicator values: known keys, right type, within bounds; then the catalogue's relations (a part
    /// never above its whole), each broken one reported under every field it involves, naming them all.
    /// </summary>
    public static IEnumerable<InputError> ValidateIndicators(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values) =>
        IndicatorErrors(catalog, values) ?? [];

    /// <summary>
    /// <see cref="ValidateIndicators"/>'s errors, or null when there are none. Allocates nothing for valid values: the
    /// engine checks every school it scores.
    /// </summary>
    internal static List<InputError>? IndicatorErrors(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values)
    {
        List<InputError>? errors = null;
        Dictionary<string, IndicatorValue>? valid = null;
        foreach (var (key, value) in values)
        {
            var message = catalog.Find(key) is not { } indicator ? "未知指标"
                : Check(indicator, value) is { } problem ? indicator.Name + problem
                : null;
            if (message is null) continue;

            (errors ??= []).Add(new($"indicators.{key}", message));
            // Relations are judged among the valid values only.
            valid ??= new Dictionary<string, IndicatorValue>(values, StringComparer.Ordinal);
            valid.Remove(key);
        }

        foreach (var indicator in catalog.Relations)
        {
            if (BreakOf(catalog, indicator, valid ?? values) is not { } breach) continue;
            errors ??= [];
            foreach (var key in breach.Keys) errors.Add(new($"indicators.{key}", breach.Message));
        }

        return errors;
    }

    /// <summary>
    /// Puts the values at their indicators' positions, checking them as <see cref="IndicatorErrors"/> does: false at the
    /// first value it would report (the caller then asks it for the errors). The engine's path for every school: a lookup
    /// per value entered rather than per key an item reads, and no message made for valid data.
    /// </summary>
    internal static bool TryFill(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values, IndicatorSlot[] slots)
    {
        var plan = CatalogPlan.For(catalog);
        Array.Clear(slots, 0, plan.Indicators.Length);
        if (values is Dictionary<string, IndicatorValue> dictionary)
        {
            // The struct enumerator: no enumerator allocated.
            foreach (var (key, value) in dictionary)
            {
                if (!TryPut(catalog, plan, key, value, slots)) return false;
            }
        }
        else
        {
            foreach (var (key, value) in values)
            {
                if (!TryPut(catalog, plan, key, value, slots)) return false;
            }
        }

        foreach (var (part, whole) in plan.Relations)
        {
            if (part < 0 || slots[part].Kind != SlotKind.Number) continue;
            var sum = 0m;
            var complete = true;
            foreach (var index in whole)
            {
                if (index < 0 || slots[index].Kind != SlotKind.Number)
                {
                    complete = false;
                    break;
                }

                sum += slots[index].Number;
            }

            if (complete && slots[part].Number > sum) return false;
        }

        return true;
    }

    /// <summary>The values at their positions, unchecked: for data <see cref="IndicatorErrors"/> has found valid.</summary>
    internal static void Fill(IndicatorCatalog catalog, IReadOnlyDictionary<string, IndicatorValue> values, IndicatorSlot[] slots)
    {
        Array.Clear(slots, 0, catalog.All.Count);
        foreach (var (key, value) in values)
        {
            if (catalog.IndexOf(key) is var index and >= 0) slots[index] = Slot(value);
        }
    }

    private static bool TryPut(IndicatorCatalog catalog, CatalogPlan plan, string key, IndicatorValue value, IndicatorSlot[] slots)
    {
        var index = catalog.IndexOf(key);
        if (index < 0 || !Fits(plan.Indicators[index], value)) return false;
        slots[index] = Slot(value);
        return true;
    }

    private static IndicatorSlot Slot(IndicatorValue value)
    {
        if (value.Flag is { } flag) return new IndicatorSlot { Kind = flag ? SlotKind.True : SlotKind.False };
        if (value.Number is not { } number) return default;
        var scaled = ScaledDecimal.TryFrom(number, out var parts);
        return new IndicatorSlot { Kind = SlotKind.Number, Number = number, Units = parts.Units, Scale = (byte)parts.Scale, IsScaled = scaled };
    }

    /// <summary><see cref="Check"/> is null: the same tests, no message.</summary>
    private static bool Fits(Indicator indicator, IndicatorValue value)
    {
        if (indicator.Type == IndicatorType.Boolean) return value.Flag is not null;
        if (value.Number is not { } n) return false;
        // A value without decimals is whole, without the cost of Truncate.
        if (indicator.Type == IndicatorType.Integer && n.Scale != 0 && n != decimal.Truncate(n)) return false;
        return !(n < indicator.Min || n > indicator.Max);
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
        foreach (var indicator in catalog.Relations)
        {
            if (BreakOf(catalog, indicator, values) is { } breach) breaches.Add(breach);
        }

        return breaches;
    }

    /// <summary>The relation of <paramref name="indicator"/> (its <c>lte</c>), if the values break it; the message is made only then.</summary>
    private static Breach? BreakOf(IndicatorCatalog catalog, Indicator indicator, IReadOnlyDictionary<string, IndicatorValue> values)
    {
        if (!values.TryGetValue(indicator.Key, out var part) || part.Number is not { } v) return null;
        var sum = 0m;
        foreach (var key in indicator.Lte!)
        {
            if (!values.TryGetValue(key, out var w) || w.Number is not { } number) return null;
            sum += number;
        }

        if (v <= sum) return null;

        var unit = indicator.Unit;
        var whole = indicator.Lte!.Count == 1
            ? $"{catalog[indicator.Lte[0]].Name}（{NumberText.Of(sum)}{unit}）"
            : $"{string.Join("与", indicator.Lte.Select(k => catalog[k].Name))}之和（{NumberText.Of(sum)}{unit}）";
        return new Breach(indicator.Key, indicator.Lte!, $"{indicator.Name}（{NumberText.Of(v)}{unit}）不能多于{whole}");
    }

    /// <summary>
    /// Stored values as the engine can score them: those the catalogue no longer accepts, and the parts of relations they
    /// break (stored before the relation existed), count as not entered rather than stopping the school's whole result.
    /// </summary>
    /// <remarks>Checked and read-only, so the engine does not check them again.</remarks>
    public static CheckedIndicators Usable(IndicatorCatalog catalog, IEnumerable<KeyValuePair<string, IndicatorValue>> values)
    {
        var usable = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            if (catalog.Find(key) is { } indicator && Check(indicator, value) is null) usable[key] = value;
        }

        // A part removed leaves its relation unjudged, and the others as they were: what is left breaks none.
        foreach (var breach in BrokenRelations(catalog, usable)) usable.Remove(breach.Part);
        return new CheckedIndicators(catalog, usable);
    }

    /// <summary>Why a value does not fit its indicator, or null when it does.</summary>
    public static string? Check(Indicator indicator, IndicatorValue value)
    {
        if (indicator.Type == IndicatorType.Boolean)
            return value.Flag is null ? "应为是/否（true/false）" : null;
        if (value.Number is not { } n)
            return "应为数值";
        if (indicator.Type == IndicatorType.Integer && n != decimal.Truncate(n))
            return "应为整数";
        if (n < indicator.Min || n > indicator.Max)
            // "0 到 5000 张之间": a space between a number and the Chinese after it, none inside 张之间.
            return $"应在 {NumberText.Of(indicator.Min)} 到 {NumberText.Of(indicator.Max)} {indicator.Unit}之间";
        return null;
    }

    private static bool IsHalfStep(decimal value) => value * 2 == decimal.Truncate(value * 2);
}
