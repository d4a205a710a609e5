using System.Runtime.CompilerServices;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

/// <summary>
/// A standard compiled once for a catalogue, so scoring a school reads no dictionary per item: each rule's kind is
/// resolved, its indicator keys are positions in the school's values (<see cref="IndicatorSlot"/>), and what depends on
/// the standard alone (a dimension's maximum, a plain threshold's span) is computed once. Kept beside the standard
/// for as long as the standard lives.
/// </summary>
internal sealed class ScoringPlan
{
    private static readonly ConditionalWeakTable<Standard, ScoringPlan> Plans = new();

    private ScoringPlan(Standard standard, IndicatorCatalog catalog)
    {
        Standard = standard;
        Catalog = catalog;
        Dimensions = standard.Dimensions.Select(d => new DimensionPlan(d, catalog)).ToArray();
        Grades = standard.Grades.ToArray();
        FailingGrade = standard.FailingGrade;
    }

    public Standard Standard { get; }

    public IndicatorCatalog Catalog { get; }

    public DimensionPlan[] Dimensions { get; }

    public Grade[] Grades { get; }

    public Grade FailingGrade { get; }

    public static ScoringPlan For(Standard standard, IndicatorCatalog catalog)
    {
        if (Plans.TryGetValue(standard, out var plan) && ReferenceEquals(plan.Catalog, catalog)) return plan;
        plan = new ScoringPlan(standard, catalog);
        Plans.AddOrUpdate(standard, plan);
        return plan;
    }
}

internal sealed class DimensionPlan
{
    public DimensionPlan(Dimension dimension, IndicatorCatalog catalog)
    {
        Dimension = dimension;
        Items = dimension.Items.Select(i => new ItemPlan(i, catalog)).ToArray();
        var max = dimension.Max;
        FailsBelow = !dimension.Bonus && dimension.MinRatio is { } minRatio ? minRatio * max : null;
        GateBelow = dimension.Gate is { } gate ? gate.MinRatio * max : null;
    }

    public Dimension Dimension { get; }

    public ItemPlan[] Items { get; }

    /// <summary>minRatio × the dimension's maximum: a score below it is a dimension failure (never for a bonus dimension).</summary>
    public decimal? FailsBelow { get; }

    /// <summary>The gate's minRatio × the maximum: a score below it misses the dimension's gate.</summary>
    public decimal? GateBelow { get; }
}

internal enum RuleKind : byte
{
    Threshold,
    Ratio,
    Boolean,
    Checklist,
    Graded,
    Judgement,
    Unknown,
}

/// <summary>An item's rule with its indicators as positions in the catalogue (-1: not in it, so never entered).</summary>
internal sealed class ItemPlan
{
    public ItemPlan(Item item, IndicatorCatalog catalog)
    {
        Item = item;
        Code = item.Code;
        Points = item.Points;
        Veto = item.Veto;
        MetScore = Fraction.One.Of(item.Points);
        Gate = item.Gate;
        switch (item.Rule)
        {
            case ThresholdRule t:
                Kind = RuleKind.Threshold;
                Indicator = catalog.IndexOf(t.Indicator);
                SetScale(t.Scale);
                PlainThreshold = t.Scale.Mode is ScaleMode.Linear or ScaleMode.AllOrNothing or ScaleMode.HalfCap;
                break;
            case RatioRule r:
                Kind = RuleKind.Ratio;
                Indicator = catalog.IndexOf(r.Numerator);
                Denominator = catalog.IndexOf(r.Denominator);
                SetScale(r.Scale);
                break;
            case BooleanRule b:
                Kind = RuleKind.Boolean;
                Indicator = catalog.IndexOf(b.Indicator);
                break;
            case ChecklistRule c:
                Kind = RuleKind.Checklist;
                Checklist = c.Indicators.Select(catalog.IndexOf).ToArray();
                AllOrNothing = c.Mode == ChecklistMode.AllOrNothing;
                // A checklist's credit depends on how many are met alone: each count's score computed once, as scoring would.
                ChecklistScores = new (decimal, ItemStatus)[Checklist.Length + 1];
                for (var met = 0; met <= Checklist.Length; met++)
                {
                    var fraction = AllOrNothing ? (met == Checklist.Length ? Fraction.One : Fraction.Zero) : new Fraction(met, Checklist.Length);
                    ChecklistScores[met] = (fraction.Of(item.Points), fraction.IsOne ? ItemStatus.Met : fraction.IsZero ? ItemStatus.Unmet : ItemStatus.Partial);
                }

                break;
            case GradedRule g:
                Kind = RuleKind.Graded;
                Levels = g.Levels.ToArray();
                break;
            case JudgementRule:
                Kind = RuleKind.Judgement;
                break;
            default:
                Kind = RuleKind.Unknown;
                break;
        }
    }

    // Results that depend on nothing but the item, the status (or the count of a checklist met) and the gate: made once
    // and shared by every school that scores so (an ItemResult is immutable), as most items are met, unmet or missing.
    private ItemResult?[]? _shared;

    public Item Item { get; }

    public string Code { get; }

    /// <summary>
    /// The shared result for <paramref name="key"/>: one per score and status the caller stands for (a boolean's or a
    /// plain threshold's status; a checklist's count met + 1, 0 for missing), with no shortfall and no override.
    /// </summary>
    public ItemResult Shared(int key, decimal score, ItemStatus status, bool gateFailed)
    {
        var shared = _shared ??= new ItemResult?[(Math.Max(4, Checklist.Length + 2)) * 2];
        // Two threads may both make it: equal results, either is kept.
        return shared[key * 2 + (gateFailed ? 1 : 0)] ??= new ItemResult(Item, score, status, false, 0m, gateFailed);
    }

    public decimal Points { get; }

    /// <summary>The item's veto (一票否决): not met, it fails the standard (as <see cref="ItemResult.IsVetoFailure"/>).</summary>
    public bool Veto { get; }

    /// <summary>The score of an item met: round2(points × 1).</summary>
    public decimal MetScore { get; }

    /// <summary>A plain threshold scored on a linear, all-or-nothing or half-cap scale, which the engine reads directly.</summary>
    public bool PlainThreshold { get; private set; }

    public ItemGate? Gate { get; }

    public RuleKind Kind { get; }

    /// <summary>The indicator read (threshold, boolean) or the numerator (ratio).</summary>
    public int Indicator { get; } = -1;

    public int Denominator { get; } = -1;

    public int[] Checklist { get; } = [];

    public bool AllOrNothing { get; }

    /// <summary>A checklist's score and status for each number of its indicators met (0 to all).</summary>
    public (decimal Score, ItemStatus Status)[] ChecklistScores { get; } = [];

    public GradeLevel[] Levels { get; } = [];

    public Scale Scale { get; private set; } = default!;

    public bool AtLeast { get; private set; }

    public decimal Target { get; private set; }

    public decimal Floor { get; private set; }

    /// <summary>
    /// The denominator of a plain threshold's linear credit: t − fl (atLeast) or fl − t (atMost). The same decimal, to the
    /// bit, as the 1 × (t − fl) the general form computes (a decimal times 1 keeps its digits and scale).
    /// </summary>
    public decimal Span { get; private set; }

    /// <summary><see cref="Span"/> × 2, the denominator of half-cap credit (as the general form's Half() makes it).</summary>
    public decimal HalfSpan { get; private set; }

    public ScaleMode Mode { get; private set; }

    public Step[] Steps { get; private set; } = [];

    private void SetScale(Scale scale)
    {
        Scale = scale;
        AtLeast = scale.Direction == Direction.AtLeast;
        Target = scale.Target;
        Floor = scale.Floor;
        Span = AtLeast ? scale.Target - scale.Floor : scale.Floor - scale.Target;
        HalfSpan = new Fraction(1, Span).Half().Denominator;
        Mode = scale.Mode;
        Steps = scale.Steps.ToArray();
        if (scale.Mode is ScaleMode.Linear or ScaleMode.AllOrNothing or ScaleMode.HalfCap
            && ScaledDecimal.TryFrom(Points, out var points) && ScaledDecimal.TryFrom(Target, out var target)
            && ScaledDecimal.TryFrom(Floor, out var floor) && ScaledDecimal.TryFrom(Span, out var span) && span.Units > 0)
        {
            IsScaled = true;
            (ScaledPoints, ScaledTarget, ScaledFloor, ScaledSpan) = (points, target, floor, span);
        }
    }

    /// <summary>
    /// A linear, all-or-nothing or half-cap scale whose points, target, floor and span are small enough for the engine's
    /// integer path (<see cref="ScaledDecimal"/>), which then gives the decimals the general form gives.
    /// </summary>
    public bool IsScaled { get; private set; }

    public ScaledDecimal ScaledPoints { get; private set; }

    public ScaledDecimal ScaledTarget { get; private set; }

    public ScaledDecimal ScaledFloor { get; private set; }

    /// <summary><see cref="Span"/> as units: t − fl or fl − t at the larger of their scales, as decimal subtraction gives it.</summary>
    public ScaledDecimal ScaledSpan { get; private set; }
}

internal enum SlotKind : byte
{
    Absent,
    Number,
    False,
    True,
}

/// <summary>A school's value of one indicator, at the indicator's position in the catalogue.</summary>
internal struct IndicatorSlot
{
    public decimal Number;

    /// <summary><see cref="Number"/> as units at a scale, where <see cref="IsScaled"/>: for the engine's integer paths.</summary>
    public long Units;

    public SlotKind Kind;

    public byte Scale;

    public bool IsScaled;
}

/// <summary>The catalogue's relations (<c>lte</c>) as positions, to check a school's values without a dictionary.</summary>
internal sealed class CatalogPlan
{
    private static readonly ConditionalWeakTable<IndicatorCatalog, CatalogPlan> Plans = new();

    private CatalogPlan(IndicatorCatalog catalog)
    {
        Indicators = catalog.All.ToArray();
        Relations = catalog.Relations.Select(r => (catalog.IndexOf(r.Key), r.Lte!.Select(catalog.IndexOf).ToArray())).ToArray();
    }

    public Indicator[] Indicators { get; }

    public (int Part, int[] Whole)[] Relations { get; }

    public static CatalogPlan For(IndicatorCatalog catalog) => Plans.GetValue(catalog, c => new CatalogPlan(c));
}
