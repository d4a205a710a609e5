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
        // As the list form with one standard, without the list (the app's single-standard callers score this way).
        var given = Checked(catalog, data);
        List<InputError>? indicatorErrors = null;
        var slots = given ?? FilledSlots(catalog, data, out indicatorErrors);
        var result = ScoreOne(standard, catalog, slots, data, indicatorErrors);
        if (given is null) t_slots = slots;
        return result;
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
        List<InputError>? indicatorErrors = null;
        var slots = given ?? FilledSlots(catalog, data, out indicatorErrors);
        IReadOnlyList<ScoreResult> results;
        if (standards is IReadOnlyList<Standard> list)
        {
            var array = new ScoreResult[list.Count];
            for (var i = 0; i < array.Length; i++) array[i] = ScoreOne(list[i], catalog, slots, data, indicatorErrors);
            results = array;
        }
        else
        {
            var some = new List<ScoreResult>();
            foreach (var standard in standards) some.Add(ScoreOne(standard, catalog, slots, data, indicatorErrors));
            results = some;
        }

        if (given is null) t_slots = slots;
        return results;
    }

    /// <summary>Slots taken for the thread with the values put at their positions; the values' errors, if any, beside.</summary>
    private static IndicatorSlot[] FilledSlots(IndicatorCatalog catalog, SchoolData data, out List<InputError>? indicatorErrors)
    {
        var slots = TakeSlots(catalog);
        indicatorErrors = null;
        if (!SchoolDataValidator.TryFill(catalog, data.Indicators, slots))
        {
            indicatorErrors = SchoolDataValidator.IndicatorErrors(catalog, data.Indicators);
            if (indicatorErrors is null) SchoolDataValidator.Fill(catalog, data.Indicators, slots);
        }

        return slots;
    }

    /// <exception cref="ScoringInputException">The values' errors, or the judgements' and overrides' for this standard.</exception>
    private static ScoreResult ScoreOne(Standard standard, IndicatorCatalog catalog, IndicatorSlot[] slots, SchoolData data, List<InputError>? indicatorErrors)
    {
        if (indicatorErrors is not null || data.Judgements.Count > 0 || data.Overrides.Count > 0)
        {
            var errors = new List<InputError>(indicatorErrors ?? []);
            SchoolDataValidator.AddJudgementErrors(standard, data, errors);
            if (errors.Count > 0) throw new ScoringInputException(errors);
        }

        return ScoreChecked(ScoringPlan.For(standard, catalog), slots, data);
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
        var sum = default(ScoreSum);
        var failing = false;
        for (var i = 0; i < dimensions.Length; i++)
        {
            var dimension = ScoreDimension(plan.Dimensions[i], slots, data, judged, overridden, ref failing);
            dimensions[i] = dimension;
            sum.Add(dimension.Score);
            failing |= dimension.Failed || dimension.GateFailed;
        }

        var total = sum.Value;

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
        var sum = default(ScoreSum);
        for (var i = 0; i < items.Length; i++)
        {
            var item = ScoreItem(plans[i], slots, data, judged, overridden);
            items[i] = item;
            sum.Add(item.Score);
            failing |= (plans[i].Veto && item.Status != ItemStatus.Met) || item.GateFailed;
        }

        var score = sum.Value;

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

                if (plan.IsScaled && slots[plan.Indicator].IsScaled
                    && TryScaledThreshold(plan, in slots[plan.Indicator], out score, out status, out shortfall))
                {
                    if (shortfall is null) shared = (int)status;
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
                status = ItemStatus.Partial;
                if (plan.IsScaled && slots[plan.Indicator].IsScaled && TryScaledPartial(plan, in slots[plan.Indicator], out score)) break;
                var numerator = atLeast ? v - plan.Floor : plan.Floor - v;
                score = Fraction.Round2(plan.Points * numerator / (plan.Mode == ScaleMode.HalfCap ? plan.HalfSpan : plan.Span));
                break;

            case RuleKind.Ratio when plan.IsScaled:
                if (plan.Indicator < 0 || plan.Denominator < 0
                    || slots[plan.Indicator].Kind != SlotKind.Number || slots[plan.Denominator].Kind != SlotKind.Number
                    || slots[plan.Denominator].Number == 0)
                {
                    (score, status, shared) = (0m, ItemStatus.Missing, (int)ItemStatus.Missing);
                    break;
                }

                if (!slots[plan.Indicator].IsScaled || !slots[plan.Denominator].IsScaled
                    || !TryScaledRatio(plan, in slots[plan.Indicator], in slots[plan.Denominator], out score, out status, out shortfall))
                    goto default;
                if (shortfall is null) shared = (int)status;
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
                // Met (round2 of the points, as MetScore), unmet or missing (0) with no shortfall: the same result for
                // every school, as a graded item not yet judged.
                if (shortfall is null && status != ItemStatus.Partial) shared = (int)status;
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
    /// A plain threshold on integers, as the decimal form in <see cref="ScoreItem"/> gives it: exact comparisons, the
    /// shortfall t − v at the larger scale then round2, and the partial score of <see cref="TryScaledPartial"/>.
    /// </summary>
    private static bool TryScaledThreshold(ItemPlan plan, in IndicatorSlot value, out decimal score, out ItemStatus status, out decimal? shortfall)
    {
        (score, status, shortfall) = (0m, ItemStatus.Unmet, null);
        var atLeast = plan.AtLeast;
        var target = plan.ScaledTarget;
        var comparison = value.Scale == target.Scale ? value.Units.CompareTo(target.Units) : ScaledDecimal.Compare(value.Units, value.Scale, target.Units, target.Scale);
        if (atLeast ? comparison >= 0 : comparison <= 0)
        {
            (score, status) = (plan.MetScore, ItemStatus.Met);
            return true;
        }

        var (gap, gapScale) = atLeast
            ? ScaledDecimal.Subtract(target.Units, target.Scale, value.Units, value.Scale)
            : ScaledDecimal.Subtract(value.Units, value.Scale, target.Units, target.Scale);
        if (!ScaledDecimal.TryRound2(gap, gapScale, out var gapRounded)) return false;
        shortfall = gapRounded;
        if (plan.Mode == ScaleMode.AllOrNothing) return true;

        var floor = plan.ScaledFloor;
        comparison = value.Scale == floor.Scale ? value.Units.CompareTo(floor.Units) : ScaledDecimal.Compare(value.Units, value.Scale, floor.Units, floor.Scale);
        if (atLeast ? comparison <= 0 : comparison >= 0) return true;

        status = ItemStatus.Partial;
        return TryScaledPartial(plan, in value, out score);
    }

    /// <summary>
    /// A plain threshold's partial score, round2(points × (v − fl) / span), on integers (<see cref="ScaledDecimal"/>):
    /// false where the values are too large for it, and the decimal form then gives it.
    /// </summary>
    private static bool TryScaledPartial(ItemPlan plan, in IndicatorSlot value, out decimal score)
    {
        var floor = plan.ScaledFloor;
        var (numerator, numeratorScale) = plan.AtLeast
            ? ScaledDecimal.Subtract(value.Units, value.Scale, floor.Units, floor.Scale)
            : ScaledDecimal.Subtract(floor.Units, floor.Scale, value.Units, value.Scale);
        var span = plan.ScaledSpan;
        var points = plan.ScaledPoints;
        return ScaledDecimal.TryRound2Quotient(
            points.Units * numerator, points.Scale + numeratorScale,
            plan.Mode == ScaleMode.HalfCap ? (Int128)span.Units * 2 : span.Units, span.Scale, out score);
    }

    /// <summary>
    /// A ratio item on a linear, all-or-nothing or half-cap scale on integers, as <see cref="OnScale"/> and
    /// <see cref="Fraction.Of"/> give it in decimals: t·d and fl·d are exact products, the comparisons exact, and each
    /// division (the shortfall's, the score's) one <see cref="ScaledDecimal.TryRound2Quotient"/>. False where a value is
    /// too large for it: the decimal form then scores the item.
    /// </summary>
    private static bool TryScaledRatio(ItemPlan plan, in IndicatorSlot numeratorSlot, in IndicatorSlot denominatorSlot, out decimal score, out ItemStatus status, out decimal? shortfall)
    {
        (score, status, shortfall) = (0m, ItemStatus.Unmet, null);
        long n = numeratorSlot.Units, d = denominatorSlot.Units;
        int ns = numeratorSlot.Scale, ds = denominatorSlot.Scale;
        if (d < 0) (n, d) = (-n, -d);

        var atLeast = plan.AtLeast;
        var target = plan.ScaledTarget;
        var targetUnits = (Int128)target.Units * d;
        var targetScale = target.Scale + ds;
        var comparison = ScaledDecimal.Compare(n, ns, targetUnits, targetScale);
        if (atLeast ? comparison >= 0 : comparison <= 0)
        {
            (score, status) = (plan.MetScore, ItemStatus.Met);
            return true;
        }

        var (gap, gapScale) = atLeast
            ? ScaledDecimal.Subtract(targetUnits, targetScale, n, ns)
            : ScaledDecimal.Subtract(n, ns, targetUnits, targetScale);
        if (!ScaledDecimal.TryRound2Quotient(gap, gapScale, d, ds, out var gapRounded)) return false;
        shortfall = gapRounded;
        if (plan.Mode == ScaleMode.AllOrNothing) return true;

        var floor = plan.ScaledFloor;
        var floorUnits = (Int128)floor.Units * d;
        var floorScale = floor.Scale + ds;
        comparison = ScaledDecimal.Compare(n, ns, floorUnits, floorScale);
        if (atLeast ? comparison <= 0 : comparison >= 0) return true;

        var (numerator, numeratorScale) = atLeast
            ? ScaledDecimal.Subtract(n, ns, floorUnits, floorScale)
            : ScaledDecimal.Subtract(floorUnits, floorScale, n, ns);
        if (numerator > MaxNumerator) return false;
        var points = plan.ScaledPoints;
        var span = plan.ScaledSpan;
        var denominator = (Int128)d * span.Units;
        if (plan.Mode == ScaleMode.HalfCap) denominator *= 2;
        if (!ScaledDecimal.TryRound2Quotient(points.Units * numerator, points.Scale + numeratorScale, denominator, ds + span.Scale, out score)) return false;
        status = ItemStatus.Partial;
        return true;
    }

    /// <summary>The largest numerator multiplied by an item's points on the integer path: the product stays within Int128.</summary>
    private static readonly Int128 MaxNumerator = (Int128)1_000_000_000_000 * 1_000_000_000_000;

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

    /// <summary>
    /// A sum of scores begun at 0m, as decimal additions give it: the digits of the sum at the largest scale added. Kept
    /// in cents while every score is non-negative with two decimals or fewer (all scores but an odd override); in
    /// decimals from the first that is not.
    /// </summary>
    private struct ScoreSum
    {
        private const long MaxCents = 1_000_000_000_000;
        private long _cents;
        private int _scale;
        private bool _inDecimals;
        private decimal _decimals;

        public void Add(decimal score)
        {
            if (!_inDecimals)
            {
                Span<int> bits = stackalloc int[4];
                decimal.GetBits(score, bits);
                var scale = (bits[3] >> 16) & 0xFF;
                if (bits[3] >= 0 && scale <= 2 && bits[1] == 0 && bits[2] == 0)
                {
                    var cents = _cents + (uint)bits[0] * ScaledDecimal.Pow10(2 - scale);
                    if (cents < MaxCents)
                    {
                        _cents = cents;
                        if (scale > _scale) _scale = scale;
                        return;
                    }
                }

                _decimals = Value;
                _inDecimals = true;
            }

            _decimals += score;
        }

        public readonly decimal Value => _inDecimals ? _decimals : ScaledDecimal.ToDecimal(_cents / ScaledDecimal.Pow10(2 - _scale), _scale);
    }
}
