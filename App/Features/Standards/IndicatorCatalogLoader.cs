using System.Text.RegularExpressions;

namespace SchoolAssessment.Features.Standards;

/// <summary>Loads and validates seed-data/indicators.yaml.</summary>
public static partial class IndicatorCatalogLoader
{
    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex KeyPattern();

    public static IndicatorCatalog LoadFile(string path) =>
        Parse(Path.GetFileName(path), File.ReadAllText(path));

    public static IndicatorCatalog Parse(string fileName, string yaml)
    {
        var dto = YamlFiles.Read<IndicatorsFileDto>(fileName, yaml);
        var errors = new List<string>();
        var indicators = new List<Indicator>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        if (dto.Indicators is not { Count: > 0 })
        {
            throw new StandardFileException([$"{fileName}: 'indicators' lists no indicator"]);
        }

        for (var n = 0; n < dto.Indicators.Count; n++)
        {
            var d = dto.Indicators[n];
            var at = $"{fileName}: indicator {d.Key ?? $"#{n + 1}"}";
            var before = errors.Count;

            if (string.IsNullOrWhiteSpace(d.Key) || !KeyPattern().IsMatch(d.Key))
            {
                errors.Add($"{at}: 'key' must match [a-z][A-Za-z0-9]*");
            }
            else if (!seen.Add(d.Key))
            {
                errors.Add($"{at}: the key repeats");
            }

            if (string.IsNullOrWhiteSpace(d.Name)) errors.Add($"{at}: 'name' is required");
            if (string.IsNullOrWhiteSpace(d.Category)) errors.Add($"{at}: 'category' is required");

            IndicatorType? type = d.Type switch
            {
                "integer" => IndicatorType.Integer,
                "decimal" => IndicatorType.Decimal,
                "boolean" => IndicatorType.Boolean,
                _ => null,
            };
            if (type is null) errors.Add($"{at}: 'type' must be integer, decimal or boolean, not '{d.Type}'");

            if (type is IndicatorType.Boolean && (d.Min is not null || d.Max is not null))
                errors.Add($"{at}: a boolean indicator has no min or max");
            if (d.Min is { } min && d.Max is { } max && min > max)
                errors.Add($"{at}: min {min} is above max {max}");
            if (type is IndicatorType.Integer && (IsFractional(d.Min) || IsFractional(d.Max)))
                errors.Add($"{at}: an integer indicator needs whole-number bounds");

            var lte = d.Lte switch
            {
                null => null,
                string one => [one],
                List<object> many when many.All(k => k is string) => many.Cast<string>().ToList(),
                _ => (List<string>?)null,
            };
            if (d.Lte is not null && lte is null) errors.Add($"{at}: 'lte' must be an indicator key or a list of keys");
            if (lte is not null && type is not (IndicatorType.Integer or IndicatorType.Decimal))
                errors.Add($"{at}: only a number can have 'lte'");
            DerivedRule? derived = null;
            if (d.Derived is { } dd)
            {
                if (dd.From != DerivedRule.TownshipSchools) errors.Add($"{at}: 'derived.from' must be {DerivedRule.TownshipSchools}, not '{dd.From}'");
                if (dd.Passing is not null && dd.With is not null) errors.Add($"{at}: 'derived' has either 'passing' or 'with', not both");
                if (type is not IndicatorType.Integer) errors.Add($"{at}: a derived indicator is a count (type: integer)");
                derived = new DerivedRule(dd.Passing, dd.With);
            }

            if (errors.Count == before)
            {
                indicators.Add(new Indicator(d.Key!, d.Name!.Trim(), d.NameEn?.Trim() ?? d.Key!, d.Category!.Trim(),
                    type!.Value, d.Unit?.Trim(), d.Min, d.Max, d.Help?.Trim(), lte, derived));
            }
        }

        // Relations name other indicators: checked once every key is known.
        var byKey = indicators.ToDictionary(i => i.Key, StringComparer.Ordinal);
        foreach (var indicator in indicators.Where(i => i.Derived?.With is not null))
        {
            var with = indicator.Derived!.With!;
            if (!byKey.TryGetValue(with, out var flag) || flag.Type != IndicatorType.Boolean)
                errors.Add($"{fileName}: indicator {indicator.Key}: 'derived.with' names '{with}', which is not a boolean indicator of the catalogue");
        }

        foreach (var indicator in indicators.Where(i => i.Lte is not null))
        {
            var at = $"{fileName}: indicator {indicator.Key}";
            foreach (var whole in indicator.Lte!)
            {
                if (whole == indicator.Key) errors.Add($"{at}: 'lte' names the indicator itself");
                else if (!byKey.TryGetValue(whole, out var other)) errors.Add($"{at}: 'lte' names '{whole}', which is not in the catalogue");
                else if (!other.IsNumeric) errors.Add($"{at}: 'lte' names '{whole}', which is not a number");
                else if (other.Unit != indicator.Unit) errors.Add($"{at}: 'lte' names '{whole}', counted in {other.Unit ?? "no unit"}, not {indicator.Unit ?? "no unit"}");
            }

            if (indicator.Lte!.Distinct().Count() != indicator.Lte!.Count) errors.Add($"{at}: 'lte' names an indicator twice");
        }

        if (errors.Count > 0) throw new StandardFileException(errors);
        return new IndicatorCatalog(indicators);
    }

    private static bool IsFractional(decimal? value) => value is { } v && v != decimal.Truncate(v);
}
