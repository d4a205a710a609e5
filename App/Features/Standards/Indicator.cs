using System.Collections.Frozen;

namespace SchoolAssessment.Features.Standards;

/// <summary>The kind of value a school enters for an indicator.</summary>
public enum IndicatorType
{
    Integer,
    Decimal,
    Boolean,
}

/// <summary>
/// One figure a school enters once a year (seed-data/indicators.yaml). <see cref="Lte"/>: a part never above its
/// whole, the value at most the sum of these indicators (one key: at most that one). <see cref="Derived"/>: computed
/// by the app from the school's township schools, never typed.
/// </summary>
public sealed record Indicator(
    string Key,
    string Name,
    string NameEn,
    string Category,
    IndicatorType Type,
    string? Unit,
    decimal? Min,
    decimal? Max,
    string? Help,
    IReadOnlyList<string>? Lte = null,
    DerivedRule? Derived = null)
{
    public bool IsNumeric => Type is IndicatorType.Integer or IndicatorType.Decimal;

    public bool IsDerived => Derived is not null;
}

/// <summary>
/// A roll-up (<c>derived:</c> in indicators.yaml): a count over the township schools directly under the school, for the
/// year: all of them; those whose result on the standard <see cref="Passing"/> passed; or those whose boolean indicator
/// <see cref="With"/> is yes. Computed by the app from the stored township data, never typed.
/// </summary>
public sealed record DerivedRule(string? Passing, string? With)
{
    public const string TownshipSchools = "townshipSchools";

    /// <summary>"由下级党校结果汇总": how the form shows a derived value.</summary>
    public const string Label = "由下级党校结果汇总";
}

/// <summary>The shared catalogue of indicators, in file order.</summary>
public sealed class IndicatorCatalog
{
    private readonly FrozenDictionary<string, int> _indexByKey;

    public IndicatorCatalog(IReadOnlyList<Indicator> indicators)
    {
        All = indicators;
        var byKey = new Dictionary<string, int>(indicators.Count, StringComparer.Ordinal);
        for (var i = 0; i < indicators.Count; i++) byKey.Add(indicators[i].Key, i);
        // Read for every value a school enters, whenever its values are checked or scored.
        _indexByKey = byKey.ToFrozenDictionary(StringComparer.Ordinal);
        Relations = indicators.Where(i => i.Lte is not null).ToList();
    }

    public IReadOnlyList<Indicator> All { get; }

    /// <summary>The indicators with a relation to others (<c>lte</c>: never above the sum of …), in catalogue order.</summary>
    public IReadOnlyList<Indicator> Relations { get; }

    public Indicator? Find(string key) => _indexByKey.TryGetValue(key, out var i) ? All[i] : null;

    /// <summary>The indicator's position in <see cref="All"/>, -1 where the key is not in the catalogue.</summary>
    public int IndexOf(string key) => _indexByKey.TryGetValue(key, out var i) ? i : -1;

    public Indicator this[string key] => All[_indexByKey[key]];

    /// <summary>Categories in the order they first appear, for grouping the entry form.</summary>
    public IEnumerable<IGrouping<string, Indicator>> ByCategory() => All.GroupBy(i => i.Category);
}
