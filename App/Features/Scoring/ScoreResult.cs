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
// Not positional, to stay small (one is made for every item scored): the shortfall without a nullable's padding, and
// the computed score and the override, rare, held together apart.
public sealed record ItemResult
{
    private readonly decimal _shortfall;
    private readonly bool _hasShortfall;
    private readonly Overridden? _overridden;

    public ItemResult(Item item, decimal score, decimal? computed, ItemStatus status, decimal? shortfall, ScoreOverride? @override, bool gateFailed = false)
        : this(item, score, status, shortfall.HasValue, shortfall.GetValueOrDefault(), gateFailed)
    {
        if (computed is not null || @override is not null) _overridden = new Overridden(computed, @override);
    }

    /// <summary>An item scored from its rule, with no override.</summary>
    internal ItemResult(Item item, decimal score, ItemStatus status, bool hasShortfall, decimal shortfall, bool gateFailed)
    {
        Item = item;
        Score = score;
        Status = status;
        _hasShortfall = hasShortfall;
        _shortfall = shortfall;
        GateFailed = gateFailed;
    }

    public Item Item { get; }

    public decimal Score { get; }

    public decimal? Computed => _overridden?.Computed;

    public ItemStatus Status { get; }

    public decimal? Shortfall => _hasShortfall ? _shortfall : null;

    public ScoreOverride? Override => _overridden?.Override;

    public bool GateFailed { get; }

    public string Code => Item.Code;

    public decimal Max => Item.Points;

    public decimal Lost => Item.Points - Score;

    public bool IsVetoFailure => Item.Veto && Status != ItemStatus.Met;

    private sealed record Overridden(decimal? Computed, ScoreOverride? Override);
}

/// <summary>A dimension's result; <see cref="GateFailed"/> where the dimension is a gate and its score is below it.</summary>
public sealed record DimensionResult(Dimension Dimension, decimal Score, bool Failed, IReadOnlyList<ItemResult> Items, bool GateFailed = false)
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

    /// <summary>The gates not met (必备条件), in file order: a dimension's code, then its items' codes.</summary>
    public IReadOnlyList<string> GateFailures => Dimensions
        .SelectMany(d => (d.GateFailed ? new[] { d.Code } : Array.Empty<string>()).Concat(d.Items.Where(i => i.GateFailed).Select(i => i.Code)))
        .ToList();
}
