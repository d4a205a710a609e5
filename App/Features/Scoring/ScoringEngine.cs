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
        ArgumentNullException.ThrowIfNull(standard);
        return Score([standard], catalog, data)[0];
    }

    /// <summary>
    /// The school against each standard in turn, as <see cref="Score(Standard, IndicatorCatalog, SchoolData)"/> would,
    /// its indicators checked once rather than once a standard.
    /// </summary>
    /// <exception cref="ScoringInputException">The data names an unknown key or holds a bad value for a standard; nothing is scored.</exception>
    public static IReadOnlyList<ScoreResult> Score(IEnumerable<Standard> standards, IndicatorCatalog catalog, SchoolData data)
    {
        ArgumentNullException.ThrowIfNull(standards);
        var given = Checked(catalog, data);
        var slots = given ?? TakeSlots(catalog);
        List<InputError>? indicatorErrors = null;
        if (given is null && !SchoolDataValidator.TryFill(catalog, data.Indicators, slots))
        {
            indicatorErrors = SchoolDataValidator.IndicatorErrors(catalog, data.Indicators);
            if (indicatorErrors is null) SchoolDataValidator.Fill(catalog, data.Indicators, slots);
        }

        var results = new List<ScoreResult>(standards is IReadOnlyCollection<Standard> { Count: var count } ? count : 4);
        foreach (var standard in standards)
        {
            if (indicatorErrors is not null || data.Judgements.Count > 0 || data.Overrides.Count > 0)
            {
                var errors = new List<InputError>(indicatorErrors ?? []);
                SchoolDataValidator.AddJudgementErrors(standard, data, errors);
                if (errors.Count > 0) throw new ScoringInputException(errors);
            }

            results.Add(ScoreChecked(ScoringPlan.For(standard, catalog), slots, data));
        }

        if (given is null) t_slots = slots;
        return results;
    }

    /// <summary>The values' slots where they were checked against this catalogue when they were made, else null.</summary>
    private static IndicatorSlot[]? Checked(IndicatorCatalog catalog, SchoolData data) =>
        data.Indicators is CheckedIndicators values && ReferenceEquals(values.Catalog, catalog) ? values.Slots : null;

    // One array of slots a thread, taken while a school is scored and given back after; a call made meanwhile (a
    // standards enumerable that scores) finds none and makes its own.
    [ThreadStatic]
    private static IndicatorSlot[]? t_slots;

    private static IndicatorSlot[] TakeSlots(IndicatorCatalog catalog)
    {
        var slots = t_slots;
        t_slots = null;
        return slots is not null && slots.Length >= catalog.All.Count ? slots : new IndicatorSlot[catalog.All.Count];
    }

    // Plain loops over the compiled plan: this runs for every school of a province against every standard (README,
    // "Performance").
    private static ScoreResult ScoreChecked(ScoringPlan plan, IndicatorSlot[] slots, SchoolData data)
    {
        var judged = data.Judgements.Count > 0;
        var overridden = data.Overrides.Count > 0;
        var dimensions = new DimensionResult[plan.Dimensions.Length];
        var total = 0m;
        var failing = false;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var dimension = ScoreDimension(plan.Dimensions[i], slots, data, judged, overridden, ref failing);
            dimensions[i] = dimension;
            total += dimension.Score;
            failing |= dimension.Failed || dimension.GateFailed;
        }

        var grade = plan.FailingGrade;
        if (!failing)
        {
            foreach (var candidate in plan.Grades)
            {
                if (total < candidate.Min) continue;
                grade = candidate;
                break;
            }
        }

        return new ScoreResult(plan.Standard, total, grade, dimensions);
    }

    /// <param name="failing">Set where an item is a veto item not met or misses its gate.</param>
    private static DimensionResult ScoreDimension(DimensionPlan dimension, IndicatorSlot[] slots, SchoolData data, bool judged, bool overridden, ref bool failing)
    {
        var plans = dimension.Items;
        var items = new ItemResult[plans.Length];
        var score = 0m;
        for (var i = 0; i < items.Length; i++)
        {
            var item = ScoreItem(plans[i], slots, data, judged, overridden);
            items[i] = item;
            score += item.Score;
            failing |= item.IsVetoFailure || item.GateFailed;
        }

        var failed = dimension.FailsBelow is { } failsBelow && score < failsBelow;
        var gateFailed = dimension.GateBelow is { } gateBelow && score < gateBelow;
        return new DimensionResult(dimension.Dimension, score, failed, items, gateFailed);
    }

    private static ItemResult ScoreItem(ItemPlan plan, IndicatorSlot[] slots, SchoolData data, bool judged, bool overridden)
    {
        decimal score;
        ItemStatus status;
        decimal? shortfall = null;
        var shared = -1;
        switch (plan.Kind)
        {
            // The two kinds most items are, read directly: what Evaluate and Fraction.Of give them, without the fraction.
            case RuleKind.Boolean:
                switch (plan.Indicator < 0 ? SlotKind.Absent : slots[plan.Indicator].Kind)
                {
                    case SlotKind.True:
                        (score, status) = (plan.MetScore, ItemStatus.Met);
                        break;
                    case SlotKind.False:
                        (score, status) = (0m, ItemStatus.Unmet);
                        break;
                    default:
                        (score, status) = (0m, ItemStatus.Missing);
                        break;
                }

                shared = (int)status;
                break;

            case RuleKind.Threshold when plan.PlainThreshold:
                if (plan.Indicator < 0 || slots[plan.Indicator].Kind != SlotKind.Number)
                {
                    (score, status, shared) = (0m, ItemStatus.Missing, (int)ItemStatus.Missing);
                    break;
                }

                var v = slots[plan.Indicator].Number;
                var atLeast = plan.AtLeast;
                if (atLeast ? v >= plan.Target : v <= plan.Target)
                {
                    (score, status, shared) = (plan.MetScore, ItemStatus.Met, (int)ItemStatus.Met);
                    break;
                }

                shortfall = Fraction.Round2(atLeast ? plan.Target - v : v - plan.Target);
                if (plan.Mode == ScaleMode.AllOrNothing || (atLeast ? v <= plan.Floor : v >= plan.Floor))
                {
                    (score, status) = (0m, ItemStatus.Unmet);
                    break;
                }

                // Strictly between floor and target: neither 0 nor 1 of the points.
                var numerator = atLeast ? v - plan.Floor : plan.Floor - v;
                score = Fraction.Round2(plan.Points * numerator / (plan.Mode == ScaleMode.HalfCap ? plan.HalfSpan : plan.Span));
                status = ItemStatus.Partial;
                break;

            case RuleKind.Checklist:
                var met = 0;
                foreach (var index in plan.Checklist)
                {
                    var kind = index < 0 ? SlotKind.Absent : slots[index].Kind;
                    if (kind == SlotKind.True) met++;
                    else if (kind != SlotKind.False) met = -1;
                    if (met < 0) break;
                }

                (score, status) = met < 0 ? (0m, ItemStatus.Missing) : plan.ChecklistScores[met];
                shared = met + 1;
                break;

            default:
                var fraction = Evaluate(plan, slots, data, judged, out shortfall);
                score = fraction?.Of(plan.Points) ?? 0m;
                status = fraction switch
                {
                    null => ItemStatus.Missing,
                    { IsOne: true } => ItemStatus.Met,
                    { IsZero: true } => ItemStatus.Unmet,
                    _ => ItemStatus.Partial,
                };
                break;
        }

        var gateFailed = plan.Gate is { } gate && !GateMet(plan, gate, slots);
        if (overridden && data.Overrides.TryGetValue(plan.Code, out var @override))
        {
            // The override replaces the score and the status follows it; the computed score stays beside it.
            var overriddenStatus = @override.Score == plan.Points ? ItemStatus.Met
                : @override.Score == 0 ? ItemStatus.Unmet
                : ItemStatus.Partial;
            return new ItemResult(plan.Item, @override.Score, score, overriddenStatus, shortfall, @override, gateFailed);
        }

        return shared >= 0
            ? plan.Shared(shared, score, status, gateFailed)
            : new ItemResult(plan.Item, score, status, shortfall.HasValue, shortfall.GetValueOrDefault(), gateFailed);
    }

    /// <summary>
    /// Whether the value the rule reads reaches the item's gate. A value not entered (or a ratio over 0) does not:
    /// a required condition is never presumed. A ratio is compared as n ≥ g·d, with no rounding.
    /// </summary>
    private static bool GateMet(ItemPlan plan, ItemGate gate, IndicatorSlot[] slots)
    {
        decimal numerator, d;
        switch (plan.Kind)
        {
            case RuleKind.Threshold:
                if (Number(slots, plan.Indicator) is not { } v) return false;
                (numerator, d) = (v, 1m);
                break;
            case RuleKind.Ratio:
                if (Number(slots, plan.Indicator) is not { } n) return false;
                (numerator, d) = (n, Number(slots, plan.Denominator) ?? 0m);
                break;
            default:
                return false;
        }

        if (d == 0) return false;
        if (d < 0) (numerator, d) = (-numerator, -d);
        return gate.Direction == Direction.AtLeast ? numerator >= gate.Value * d : numerator <= gate.Value * d;
    }

    /// <summary>The fraction f of the item's points, or null where data is missing; and the shortfall where defined.</summary>
    private static Fraction? Evaluate(ItemPlan plan, IndicatorSlot[] slots, SchoolData data, bool judged, out decimal? shortfall)
    {
        shortfall = null;
        switch (plan.Kind)
        {
            case RuleKind.Threshold:
                return Number(slots, plan.Indicator) is { } v ? OnPlainScale(plan, v, out shortfall) : null;

            case RuleKind.Ratio:
                if (Number(slots, plan.Indicator) is not { } n || Number(slots, plan.Denominator) is not { } d || d == 0)
                    return null;
                var (fraction, ratioShortfall) = d > 0 ? OnScale(plan.Scale, n, d) : OnScale(plan.Scale, -n, -d);
                shortfall = ratioShortfall;
                return fraction;

            case RuleKind.Boolean:
                return plan.Indicator < 0 ? null : slots[plan.Indicator].Kind switch
                {
                    SlotKind.True => Fraction.One,
                    SlotKind.False => Fraction.Zero,
                    _ => null,
                };

            case RuleKind.Checklist:
                var met = 0;
                foreach (var index in plan.Checklist)
                {
                    switch (index < 0 ? SlotKind.Absent : slots[index].Kind)
                    {
                        case SlotKind.True:
                            met++;
                            break;
                        case SlotKind.False:
                            break;
                        default:
                            return null;
                    }
                }

                return plan.AllOrNothing
                    ? (met == plan.Checklist.Length ? Fraction.One : Fraction.Zero)
                    : new Fraction(met, plan.Checklist.Length);

            case RuleKind.Graded:
                if (!judged || !data.Judgements.TryGetValue(plan.Code, out var level)) return null;
                foreach (var candidate in plan.Levels)
                {
                    if (candidate.Code == level.Level) return new Fraction(candidate.Ratio, 1);
                }

                throw new InvalidOperationException($"No level {level.Level} in {plan.Code}");

            case RuleKind.Judgement:
                return judged && data.Judgements.TryGetValue(plan.Code, out var judgedScore)
                    ? new Fraction(judgedScore.Score!.Value, plan.Points)
                    : null;

            default:
                throw new InvalidOperationException($"Unknown rule {plan.Item.Rule.GetType().Name}");
        }
    }

    /// <summary>
    /// <see cref="OnScale"/> for a plain threshold (d = 1), which it gives to the bit: a decimal times or over 1 keeps its
    /// digits and scale, so t·1, fl·1 and (t − v)/1 are left out, and with them a division for each shortfall. Steps come
    /// here; <see cref="ScoreItem"/> reads the other modes directly, as this gives them.
    /// </summary>
    private static Fraction OnPlainScale(ItemPlan plan, decimal v, out decimal? shortfall)
    {
        var atLeast = plan.AtLeast;
        var target = plan.Target;
        var targetMet = atLeast ? v >= target : v <= target;
        shortfall = targetMet ? null : Fraction.Round2(atLeast ? target - v : v - target);
        switch (plan.Scale.Mode)
        {
            case ScaleMode.Linear:
                return Linear();
            case ScaleMode.AllOrNothing:
                return targetMet ? Fraction.One : Fraction.Zero;
            case ScaleMode.HalfCap:
                return targetMet ? Fraction.One : Linear().Half();
            case ScaleMode.Steps:
                var ratio = 0m;
                foreach (var step in plan.Steps)
                {
                    if ((atLeast ? v >= step.At : v <= step.At) && step.Ratio > ratio) ratio = step.Ratio;
                }

                return new Fraction(ratio, 1);
            default:
                throw new InvalidOperationException($"Unknown mode {plan.Scale.Mode}");
        }

        Fraction Linear()
        {
            if (targetMet) return Fraction.One;
            var floor = plan.Floor;
            if (atLeast ? v <= floor : v >= floor) return Fraction.Zero;
            return new Fraction(atLeast ? v - floor : floor - v, plan.Span);
        }
    }

    /// <summary>
    /// A threshold on v = n/d (d &gt; 0; d = 1 for a plain threshold). Comparisons are made as n ≥ t·d so a
    /// ratio exactly on its target counts as met, with no rounding in between.
    /// </summary>
    private static (Fraction?, decimal?) OnScale(Scale s, decimal n, decimal d)
    {
        var atLeast = s.Direction == Direction.AtLeast;
        // t·d once: the same decimal wherever the rule writes it.
        var target = s.Target * d;
        var targetMet = atLeast ? n >= target : n <= target;
        decimal? shortfall = targetMet ? null : Fraction.Round2((atLeast ? target - n : n - target) / d);

        Fraction Linear()
        {
            if (targetMet) return Fraction.One;
            var floor = s.Floor * d;
            if (atLeast ? n <= floor : n >= floor) return Fraction.Zero;
            return atLeast
                ? new Fraction(n - floor, d * (s.Target - s.Floor))
                : new Fraction(floor - n, d * (s.Floor - s.Target));
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

    private static decimal? Number(IndicatorSlot[] slots, int index) =>
        index >= 0 && slots[index].Kind == SlotKind.Number ? slots[index].Number : null;
}
