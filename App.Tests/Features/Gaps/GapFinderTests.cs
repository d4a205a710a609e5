using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Gaps;

/// <summary>A gap is an item that lost points, whose value is missing, or that leaves a veto or gate unmet.</summary>
public class GapFinderTests
{
    private static IReadOnlyList<Gap> Gaps(Standard standard, SchoolData data) => GapFinder.Find(Score(standard, data), Catalog, data);

    [Fact]
    public void A_partial_item_that_rounds_to_full_points_is_no_gap()
    {
        // 999/1000 of 1 point is 0.999, which rounds to 1: status partial, nothing lost.
        var standard = Standard(Item("A1", 1, new ThresholdRule("teachers", Linear(1000))), Item("A2", 1, new ThresholdRule("funds", Linear(100))));
        var data = Data(("teachers", 999), ("funds", 50));

        Assert.Equal(ItemStatus.Partial, Score(standard, data).Items.First().Status);
        Assert.Equal(["A2"], Gaps(standard, data).Select(g => g.Item.Code));
    }

    [Fact]
    public void A_share_short_of_its_target_is_told_in_points_of_a_percentage_from_the_exact_share()
    {
        // 83 of 500 hours is 16.6%: 3.4 points short of 20%, though the contract's shortfall rounds the ratio to 0.03.
        var standard = Standard(Item("A1", 3, new RatioRule("hours", "allHours", Linear(0.2m))));

        var gap = Assert.Single(Gaps(standard, Data(("hours", 83), ("allHours", 500))));

        Assert.Equal(0.03m, gap.Result.Shortfall);
        Assert.Equal("3.4个百分点", gap.Shortfall);
        Assert.Equal("16.6%", gap.Current[^5..]);
    }

    [Fact]
    public void Bonus_items_are_never_gaps()
    {
        var standard = Standard(
            Dimension("A", Item("A1", 10, new ThresholdRule("teachers", Linear(10)))),
            new Dimension("J", "加分项", null, true, [Item("J1", 5, new ThresholdRule("incidents", Linear(5)))]));

        Assert.Empty(Gaps(standard, Data(("teachers", 10), ("incidents", 1))));
        Assert.Empty(Gaps(standard, Data(("teachers", 10))));
    }

    [Fact]
    public void Missing_values_and_veto_failures_are_gaps_vetoes_first()
    {
        var standard = Standard(Item("A1", 10, new ThresholdRule("teachers", Linear(10))), Item("A2", 1, new BooleanRule("campus"), veto: true));

        var gaps = Gaps(standard, Data(("campus", false)));

        Assert.Equal(["A2", "A1"], gaps.Select(g => g.Item.Code));
        Assert.Equal("专职教师人数：未填报，失10分", gaps[1].Description);
    }
}
