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
}

/// <summary>A dimension (一级指标) of a standard.</summary>
public sealed record Dimension(
    string Code,
    string Name,
    decimal? MinRatio,
    bool Bonus,
    IReadOnlyList<Item> Items)
{
    public decimal Max => Items.Sum(i => i.Points);
}

/// <summary>A scored item (评估项目) with its rule, evidence (佐证材料) and rectification hint.</summary>
public sealed record Item(
    string Code,
    string Name,
    decimal Points,
    bool Veto,
    Rule Rule,
    IReadOnlyList<string> Evidence,
    string? Hint,
    string? Source);
