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
