using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Scoring;

public enum ItemStatus
{
    Met,
    Partial,
    Unmet,
    Missing,
}

/// <summary>One item's result (SCORING.md §3–§4). <see cref="Computed"/> is set only where an override applied.</summary>
public sealed record ItemResult(
    Item Item,
    decimal Score,
    decimal? Computed,
    ItemStatus Status,
    decimal? Shortfall,
    ScoreOverride? Override)
{
    public string Code => Item.Code;

    public decimal Max => Item.Points;

    public decimal Lost => Item.Points - Score;

    public bool IsVetoFailure => Item.Veto && Status != ItemStatus.Met;
}

public sealed record DimensionResult(Dimension Dimension, decimal Score, bool Failed, IReadOnlyList<ItemResult> Items)
{
    public string Code => Dimension.Code;

    public decimal Max => Dimension.Max;
}

/// <summary>The result of scoring one school against one standard (SCORING.md §5–§6).</summary>
public sealed record ScoreResult(
    Standard Standard,
    decimal Total,
    Grade Grade,
    IReadOnlyList<DimensionResult> Dimensions)
{
    public decimal Max => Standard.Max;

    public bool Passed => Grade.Pass;

    public IEnumerable<ItemResult> Items => Dimensions.SelectMany(d => d.Items);

    public IReadOnlyList<string> VetoFailures => Items.Where(i => i.IsVetoFailure).Select(i => i.Code).ToList();

    public IReadOnlyList<string> DimensionFailures => Dimensions.Where(d => d.Failed).Select(d => d.Code).ToList();
}
