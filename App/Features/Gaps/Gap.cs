using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Gaps;

/// <summary>
/// An item not met, in the item's own terms: "专职教师人数 8人 / 目标10人，差2人，失3分".
/// <see cref="GateNote"/> says which required condition (必备条件) it leaves unmet, if any: its own gate, or its dimension's.
/// </summary>
public sealed record Gap(Dimension Dimension, ItemResult Result, string Current, string? Target, string? Shortfall, string? GateNote = null)
{
    public Item Item => Result.Item;

    public decimal Lost => Result.Lost;

    public bool Veto => Item.Veto;

    /// <summary>True where the gap keeps a gate unmet: the school fails whatever its total until it is closed.</summary>
    public bool Gate => GateNote is not null;

    /// <summary>The gap in words; a gate it leaves unmet comes first ("未达到必备条件（…）；…").</summary>
    public string Description => (GateNote is null ? "" : $"未达到{GateNote}；") + Measured;

    /// <summary>
    /// 待评定: an item only evaluators can score (graded, judgement) that no one has scored yet. Not a failure: it is
    /// shown apart from the gaps, never drafted into a ledger, never counted among the weakest requirements.
    /// </summary>
    public bool NotYetAssessed => Result.Status == ItemStatus.Missing && Result.Override is null && Item.Rule.NeedsJudgement;

    /// <summary>The gaps that are failures, and apart from them the items not yet assessed.</summary>
    public static (IReadOnlyList<Gap> Gaps, IReadOnlyList<Gap> NotYetAssessed) Split(IReadOnlyList<Gap> gaps) =>
        (gaps.Where(g => !g.NotYetAssessed).ToList(), gaps.Where(g => g.NotYetAssessed).ToList());

    private string Measured =>
        Target is null
            ? $"{Current}，失{NumberText.Of(Lost)}分"
            : $"{Current} / 目标{Target}{(Shortfall is null ? "" : $"，差{Shortfall}")}，失{NumberText.Of(Lost)}分";
}
