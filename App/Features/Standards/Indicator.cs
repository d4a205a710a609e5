namespace SchoolAssessment.Features.Standards;

/// <summary>The kind of value a school enters for an indicator.</summary>
public enum IndicatorType
{
    Integer,
    Decimal,
    Boolean,
}

/// <summary>One figure a school enters once a year (seed-data/indicators.yaml).</summary>
public sealed record Indicator(
    string Key,
    string Name,
    string NameEn,
    string Category,
    IndicatorType Type,
    string? Unit,
    decimal? Min,
    decimal? Max,
    string? Help)
{
    public bool IsNumeric => Type is IndicatorType.Integer or IndicatorType.Decimal;
}

/// <summary>The shared catalogue of indicators, in file order.</summary>
public sealed class IndicatorCatalog
{
    private readonly Dictionary<string, Indicator> _byKey;

    public IndicatorCatalog(IReadOnlyList<Indicator> indicators)
    {
        All = indicators;
        _byKey = indicators.ToDictionary(i => i.Key, StringComparer.Ordinal);
    }

    public IReadOnlyList<Indicator> All { get; }

    public Indicator? Find(string key) => _byKey.GetValueOrDefault(key);

    public Indicator this[string key] => _byKey[key];

    /// <summary>Categories in the order they first appear, for grouping the entry form.</summary>
    public IEnumerable<IGrouping<string, Indicator>> ByCategory() => All.GroupBy(i => i.Category);
}
