using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Tests.Features.Scoring;

/// <summary>
/// The engine as it was before it was compiled into plans (git 84f70f0), kept word for word as the reference the fast
/// engine must match to the bit: SCORING.md read plainly, one dictionary lookup per key and a division where the
/// contract writes one.
/// </summary>
internal static class ReferenceEngine
{
    public static ScoreResult Score(Standard standard, IndicatorCatalog catalog, SchoolData data)
    {
        var errors = SchoolDataValidator.Validate(standard, catalog, data);
        if (errors.Count > 0) throw new ScoringInputException(errors);
        return ScoreChecked(standard, data);
    }

    // Plain loops: this runs for every school of a province against every standard (README, "Performance").
    private static ScoreResult ScoreChecked(Standard standard, SchoolData data)
    {
        var dimensions = new DimensionResult[standard.Dimensions.Count];
        var total = 0m;
        var failing = false;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var dimension = ScoreDimension(standard.Dimensions[i], data, ref failing);
            dimensions[i] = dimension;
            total += dimension.Score;
            failing |= dimension.Failed || dimension.GateFailed;
        }

        var grade = standard.FailingGrade;
        if (!failing)
        {
            for (var i = 0; i < standard.Grades.Count; i++)
            {
                if (total < standard.Grades[i].Min) continue;
                grade = standard.Grades[i];
                break;
            }
        }

        return new ScoreResult(standard, total, grade, dimensions);
    }

    /// <param name="failing">Set where an item is a veto item not met or misses its gate.</param>
    private static DimensionResult ScoreDimension(Dimension dimension, SchoolData data, ref bool failing)
    {
        var items = new ItemResult[dimension.Items.Count];
        var score = 0m;
        for (var i = 0; i < items.Length; i++)
        {
            var item = ScoreItem(dimension.Items[i], data);
            items[i] = item;
            score += item.Score;
            failing |= item.IsVetoFailure || item.GateFailed;
        }

        var failed = !dimension.Bonus && dimension.MinRatio is { } minRatio && score < minRatio * dimension.Max;
        var gateFailed = dimension.Gate is { } gate && score < gate.MinRatio * dimension.Max;
        return new DimensionResult(dimension, score, failed, items, gateFailed);
    }

    private static ItemResult ScoreItem(Item item, SchoolData data)
    {
        var (fraction, shortfall) = Evaluate(item, data);
        var gateFailed = item.Gate is { } gate && !GateMet(item.Rule, gate, data);
        var computed = fraction?.Of(item.Points) ?? 0m;
        var status = fraction switch
        {
            null => ItemStatus.Missing,
            { IsOne: true } => ItemStatus.Met,
            { IsZero: true } => ItemStatus.Unmet,
            _ => ItemStatus.Partial,
        };

        if (data.Overrides.Count > 0 && data.Overrides.TryGetValue(item.Code, out var @override))
        {
            // The override replaces the score and the status follows it; the computed score stays beside it.
            var overridden = @override.Score == item.Points ? ItemStatus.Met
                : @override.Score == 0 ? ItemStatus.Unmet
                : ItemStatus.Partial;
            return new ItemResult(item, @override.Score, computed, overridden, shortfall, @override, gateFailed);
        }

        return new ItemResult(item, computed, null, status, shortfall, null, gateFailed);
    }

    /// <summary>
    /// Whether the value the rule reads reaches the item's gate. A value not entered (or a ratio over 0) does not:
    /// a required condition is never presumed. A ratio is compared as n ≥ g·d, with no rounding.
    /// </summary>
    private static bool GateMet(Rule rule, ItemGate gate, SchoolData data)
    {
        var (n, d) = rule switch
        {
            ThresholdRule t => (Number(data, t.Indicator), 1m),
            RatioRule r => (Number(data, r.Numerator), Number(data, r.Denominator) ?? 0m),
            _ => ((decimal?)null, 0m),
        };
        if (n is not { } numerator || d == 0) return false;
        if (d < 0) (numerator, d) = (-numerator, -d);
        return gate.Direction == Direction.AtLeast ? numerator >= gate.Value * d : numerator <= gate.Value * d;
    }

    /// <summary>The fraction f of the item's points, or null where data is missing; and the shortfall where defined.</summary>
    private static (Fraction? Fraction, decimal? Shortfall) Evaluate(Item item, SchoolData data)
    {
        switch (item.Rule)
        {
            case ThresholdRule t:
                return Number(data, t.Indicator) is { } v ? OnScale(t.Scale, v, 1) : (null, null);

            case RatioRule r:
                if (Number(data, r.Numerator) is not { } n || Number(data, r.Denominator) is not { } d || d == 0)
                    return (null, null);
                return d > 0 ? OnScale(r.Scale, n, d) : OnScale(r.Scale, -n, -d);

            case BooleanRule b:
                return (Flag(data, b.Indicator) switch { true => Fraction.One, false => Fraction.Zero, null => null }, null);

            case ChecklistRule c:
                var met = 0;
                foreach (var key in c.Indicators)
                {
                    if (Flag(data, key) is not { } flag) return (null, null);
                    if (flag) met++;
                }

                return (c.Mode == ChecklistMode.AllOrNothing
                    ? (met == c.Indicators.Count ? Fraction.One : Fraction.Zero)
                    : new Fraction(met, c.Indicators.Count), null);

            case GradedRule g:
                return data.Judgements.TryGetValue(item.Code, out var level)
                    ? (new Fraction(g.Levels.First(l => l.Code == level.Level).Ratio, 1), null)
                    : (null, null);

            case JudgementRule:
                return data.Judgements.TryGetValue(item.Code, out var judged)
                    ? (new Fraction(judged.Score!.Value, item.Points), null)
                    : (null, null);

            default:
                throw new InvalidOperationException($"Unknown rule {item.Rule.GetType().Name}");
        }
    }

    /// <summary>
    /// A threshold on v = n/d (d &gt; 0; d = 1 for a plain threshold). Comparisons are made as n ≥ t·d so a
    /// ratio exactly on its target counts as met, with no rounding in between.
    /// </summary>
    private static (Fraction?, decimal?) OnScale(Scale s, decimal n, decimal d)
    {
        var atLeast = s.Direction == Direction.AtLeast;
        // A plain threshold (d = 1) takes no multiplication.
        var plain = d == 1m;
        bool Reaches(decimal mark) => atLeast ? n >= (plain ? mark : mark * d) : n <= (plain ? mark : mark * d);

        var targetMet = Reaches(s.Target);
        decimal? shortfall = targetMet ? null : Fraction.Round2((atLeast ? s.Target * d - n : n - s.Target * d) / d);

        Fraction Linear()
        {
            if (targetMet) return Fraction.One;
            if (atLeast ? n <= s.Floor * d : n >= s.Floor * d) return Fraction.Zero;
            return atLeast
                ? new Fraction(n - s.Floor * d, d * (s.Target - s.Floor))
                : new Fraction(s.Floor * d - n, d * (s.Floor - s.Target));
        }

        var fraction = s.Mode switch
        {
            ScaleMode.Linear => Linear(),
            ScaleMode.AllOrNothing => targetMet ? Fraction.One : Fraction.Zero,
            ScaleMode.HalfCap => targetMet ? Fraction.One : Linear().Half(),
            ScaleMode.Steps => new Fraction(StepReached(s, n, d), 1),
            _ => throw new InvalidOperationException($"Unknown mode {s.Mode}"),
        };
        return (fraction, shortfall);
    }

    /// <summary>The highest ratio among the steps the value reaches, 0 where it reaches none.</summary>
    private static decimal StepReached(Scale s, decimal n, decimal d)
    {
        var ratio = 0m;
        foreach (var step in s.Steps)
        {
            if ((s.Direction == Direction.AtLeast ? n >= step.At * d : n <= step.At * d) && step.Ratio > ratio) ratio = step.Ratio;
        }

        return ratio;
    }

    private static decimal? Number(SchoolData data, string key) =>
        data.Indicators.TryGetValue(key, out var v) ? v.Number : null;

    private static bool? Flag(SchoolData data, string key) =>
        data.Indicators.TryGetValue(key, out var v) ? v.Flag : null;

    private readonly record struct Fraction(decimal Numerator, decimal Denominator)
    {
        public static Fraction Zero { get; } = new(0, 1);

        public static Fraction One { get; } = new(1, 1);

        public bool IsZero => Numerator == 0;

        public bool IsOne => Numerator == Denominator;

        public Fraction Half() => this with { Denominator = Denominator * 2 };

        public decimal Of(decimal points) => IsZero ? 0m : IsOne ? Round2(points) : Round2(points * Numerator / Denominator);

        public static decimal Round2(decimal value) => value.Scale <= 2 ? value : Math.Round(value, 2, MidpointRounding.AwayFromZero);
    }
}
