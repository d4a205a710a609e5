namespace SchoolAssessment.Features.Standards;

public enum StandardKind
{
    Classification,
    Evaluation,
}

/// <summary>A grade a total can reach; the last grade of a standard is the failing one.</summary>
public sealed record Grade(string Code, string Name, decimal Min, bool Pass);

/// <summary>A standard (创建标准 / 评估细则) as loaded from seed-data/standards/&lt;id&gt;.yaml.</summary>
public sealed record Standard(
    string Id,
    string Name,
    string? NameEn,
    string Version,
    StandardKind Kind,
    string? Issuer,
    IReadOnlyList<Grade> Grades,
    IReadOnlyList<Dimension> Dimensions)
{
    /// <summary>The maximum score, leaving out the bonus dimension (加分项).</summary>
    public decimal Max => Dimensions.Where(d => !d.Bonus).Sum(d => d.Max);

    public IEnumerable<Item> Items => Dimensions.SelectMany(d => d.Items);

    public Item? FindItem(string code) => Items.FirstOrDefault(i => i.Code == code);

    /// <summary>Every indicator key the standard's rules read.</summary>
    public IEnumerable<string> IndicatorKeys => Items.SelectMany(i => i.Rule.IndicatorKeys).Distinct();

    public Grade FailingGrade => Grades[^1];

    /// <summary>True where an item or a dimension declares a gate; the result's JSON then carries gateFailures.</summary>
    public bool HasGates => Dimensions.Any(d => d.Gate is not null || d.Items.Any(i => i.Gate is not null));
}

/// <summary>A dimension (一级指标) of a standard.</summary>
public sealed record Dimension(
    string Code,
    string Name,
    decimal? MinRatio,
    bool Bonus,
    IReadOnlyList<Item> Items,
    DimensionGate? Gate = null)
{
    public decimal Max => Items.Sum(i => i.Points);
}

/// <summary>
/// A dimension that is a required condition (必备条件) as a whole, e.g. each 有 of the six haves: below
/// <see cref="MinRatio"/> of its points the school is in the failing grade, reported as a gate failure.
/// </summary>
public sealed record DimensionGate(decimal MinRatio);

/// <summary>
/// An item's own precondition (必备条件), on the value its threshold or ratio rule reads: "≥5 full-time
/// teachers". Not reached (or not entered), the school is in the failing grade whatever its total.
/// </summary>
public sealed record ItemGate(Direction Direction, decimal Value);

/// <summary>A scored item (评估项目) with its rule, evidence (佐证材料) and rectification hint.</summary>
public sealed record Item(
    string Code,
    string Name,
    decimal Points,
    bool Veto,
    Rule Rule,
    IReadOnlyList<string> Evidence,
    string? Hint,
    string? Source,
    ItemGate? Gate = null,
    IReadOnlyList<string>? Checks = null)
{
    /// <summary>How the evaluators check the item on site (检查方式), in file order.</summary>
    public IReadOnlyList<string> CheckMethods => Checks ?? [];
}

/// <summary>The ways of checking an item that a standard may name (检查方式).</summary>
public static class ItemChecks
{
    public static IReadOnlyList<string> All { get; } = ["查阅资料", "实地查看", "座谈了解", "问卷调查", "随堂听课", "系统核验"];
}
