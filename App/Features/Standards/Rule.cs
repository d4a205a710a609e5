namespace SchoolAssessment.Features.Standards;

public enum Direction
{
    AtLeast,
    AtMost,
}

public enum ScaleMode
{
    Linear,
    AllOrNothing,
    HalfCap,
    Steps,
}

public enum ChecklistMode
{
    Linear,
    AllOrNothing,
}

public sealed record Step(decimal At, decimal Ratio);

/// <summary>How a numeric value maps onto credit: the shared part of threshold and ratio rules.</summary>
public sealed record Scale(decimal Target, decimal Floor, Direction Direction, ScaleMode Mode, IReadOnlyList<Step> Steps);

/// <summary>A rule turns a school's data into a fraction of an item's points (SCORING.md §2).</summary>
public abstract record Rule
{
    public abstract IEnumerable<string> IndicatorKeys { get; }

    /// <summary>True where the evaluator supplies the value (graded and judgement items).</summary>
    public virtual bool NeedsJudgement => false;
}

public sealed record ThresholdRule(string Indicator, Scale Scale) : Rule
{
    public override IEnumerable<string> IndicatorKeys => [Indicator];
}

public sealed record RatioRule(string Numerator, string Denominator, Scale Scale) : Rule
{
    public override IEnumerable<string> IndicatorKeys => [Numerator, Denominator];
}

public sealed record BooleanRule(string Indicator) : Rule
{
    public override IEnumerable<string> IndicatorKeys => [Indicator];
}

public sealed record ChecklistRule(IReadOnlyList<string> Indicators, ChecklistMode Mode) : Rule
{
    public override IEnumerable<string> IndicatorKeys => Indicators;
}

public sealed record GradeLevel(string Code, string Name, decimal Ratio);

public sealed record GradedRule(IReadOnlyList<GradeLevel> Levels) : Rule
{
    public override IEnumerable<string> IndicatorKeys => [];

    public override bool NeedsJudgement => true;
}

public sealed record JudgementRule : Rule
{
    public override IEnumerable<string> IndicatorKeys => [];

    public override bool NeedsJudgement => true;
}
