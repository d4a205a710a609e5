using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

/// <summary>
/// Scores a school's data against a standard, exactly as SCORING.md says. A pure function: no database,
/// no UI, no I/O; every page, command and export calls it.
/// </summary>
public static class ScoringEngine
{
    /// <exception cref="ScoringInputException">The data names an unknown key or holds a bad value; nothing is scored.</exception>
    public static ScoreResult Score(Standard standard, IndicatorCatalog catalog, SchoolData data)
    {
        var errors = SchoolDataValidator.Validate(standard, catalog, data);
        if (errors.Count > 0) throw new ScoringInputException(errors);

        var dimensions = standard.Dimensions.Select(d => ScoreDimension(d, data)).ToList();
        var total = dimensions.Sum(d => d.Score);
        var failing = dimensions.Any(d => d.Failed || d.GateFailed)
            || dimensions.SelectMany(d => d.Items).Any(i => i.IsVetoFailure || i.GateFailed);
        var grade = failing
            ? standard.FailingGrade
            : standard.Grades.FirstOrDefault(g => total >= g.Min) ?? standard.FailingGrade;
        return new ScoreResult(standard, total, grade, dimensions);
    }

    private static DimensionResult ScoreDimension(Dimension dimension, SchoolData data)
    {
        var items = dimension.Items.Select(i => ScoreItem(i, data)).ToList();
        var score = items.Sum(i => i.Score);
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

        if (data.Overrides.TryGetValue(item.Code, out var @override))
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
                var flags = c.Indicators.Select(k => Flag(data, k)).ToList();
                if (flags.Any(f => f is null)) return (null, null);
                var met = flags.Count(f => f == true);
                return (c.Mode == ChecklistMode.AllOrNothing
                    ? (met == flags.Count ? Fraction.One : Fraction.Zero)
                    : new Fraction(met, flags.Count), null);

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
        bool Reaches(decimal mark) => atLeast ? n >= mark * d : n <= mark * d;

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
            ScaleMode.Steps => new Fraction(s.Steps.Where(step => Reaches(step.At)).Select(step => step.Ratio).DefaultIfEmpty(0m).Max(), 1),
            _ => throw new InvalidOperationException($"Unknown mode {s.Mode}"),
        };
        return (fraction, shortfall);
    }

    private static decimal? Number(SchoolData data, string key) =>
        data.Indicators.TryGetValue(key, out var v) ? v.Number : null;

    private static bool? Flag(SchoolData data, string key) =>
        data.Indicators.TryGetValue(key, out var v) ? v.Flag : null;
}
