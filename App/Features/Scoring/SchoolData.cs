using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

/// <summary>A value a school entered: a number or a yes/no. An indicator not entered is simply absent.</summary>
public readonly record struct IndicatorValue
{
    private IndicatorValue(decimal? number, bool? flag) => (Number, Flag) = (number, flag);

    public decimal? Number { get; }

    public bool? Flag { get; }

    public static IndicatorValue Of(decimal number) => new(number, null);

    public static IndicatorValue Of(bool flag) => new(null, flag);

    public override string ToString() => Flag is { } f ? (f ? "true" : "false") : Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An evaluator's judgement: a level code for a graded item, a score for a judgement item.</summary>
public readonly record struct Judgement
{
    private Judgement(string? level, decimal? score) => (Level, Score) = (level, score);

    public string? Level { get; }

    public decimal? Score { get; }

    public static Judgement OfLevel(string level) => new(level, null);

    public static Judgement OfScore(decimal score) => new(null, score);
}

/// <summary>An on-site override of an item's computed score (SCORING.md §4); the reason is required.</summary>
public sealed record ScoreOverride(decimal Score, string Reason);

/// <summary>Everything the engine scores: a school's indicators, and the evaluators' judgements and overrides for one standard.</summary>
public sealed record SchoolData(
    IReadOnlyDictionary<string, IndicatorValue> Indicators,
    IReadOnlyDictionary<string, Judgement> Judgements,
    IReadOnlyDictionary<string, ScoreOverride> Overrides)
{
    public static SchoolData Empty { get; } = new(
        new Dictionary<string, IndicatorValue>(), new Dictionary<string, Judgement>(), new Dictionary<string, ScoreOverride>());

    public static SchoolData OfIndicators(IReadOnlyDictionary<string, IndicatorValue> indicators) =>
        Empty with { Indicators = indicators };
}

/// <summary>
/// A school's values already checked against a catalogue (made by <see cref="SchoolDataValidator.Usable"/>), and
/// read-only, so the engine scores them without checking them again: it reads them at their indicators' positions.
/// </summary>
public sealed class CheckedIndicators : IReadOnlyDictionary<string, IndicatorValue>
{
    private readonly Dictionary<string, IndicatorValue> _values;

    /// <exception cref="ArgumentException">A value the catalogue does not accept: only valid values are held.</exception>
    internal CheckedIndicators(IndicatorCatalog catalog, Dictionary<string, IndicatorValue> values)
    {
        _values = values;
        Catalog = catalog;
        Slots = new IndicatorSlot[catalog.All.Count];
        if (!SchoolDataValidator.TryFill(catalog, values, Slots))
            throw new ArgumentException("values the catalogue does not accept: " + string.Join("; ", SchoolDataValidator.ValidateIndicators(catalog, values)));
    }

    /// <summary>The catalogue the values were checked against.</summary>
    public IndicatorCatalog Catalog { get; }

    /// <summary>The values at their indicators' positions in <see cref="Catalog"/>; never written after construction.</summary>
    internal IndicatorSlot[] Slots { get; }

    public IndicatorValue this[string key] => _values[key];

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<IndicatorValue> Values => _values.Values;

    public int Count => _values.Count;

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out IndicatorValue value) => _values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, IndicatorValue>> GetEnumerator() => _values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
