using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Gaps;

/// <summary>
/// An item not met, in the item's own terms: "专职教师人数 8人 / 目标10人,差2人,失3分".
/// </summary>
public sealed record Gap(Dimension Dimension, ItemResult Result, string Current, string? Target, string? Shortfall)
{
    public Item Item => Result.Item;

    public decimal Lost => Result.Lost;

    public bool Veto => Item.Veto;

    public string Description =>
        Target is null
            ? $"{Current},失{NumberText.Of(Lost)}分"
            : $"{Current} / 目标{Target}{(Shortfall is null ? "" : $",差{Shortfall}")},失{NumberText.Of(Lost)}分";
}
