using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

public class ThresholdRuleTests
{
    private static readonly Item Teachers = Item("A1", 6, new ThresholdRule("teachers", Linear(10, 5)));

    [Theory]
    [InlineData(12, 6, ItemStatus.Met)]
    [InlineData(10, 6, ItemStatus.Met)]      // exactly the target
    [InlineData(8, 3.6, ItemStatus.Partial)] // 6 × (8 − 5) / (10 − 5)
    [InlineData(5, 0, ItemStatus.Unmet)]     // exactly the floor
    [InlineData(0, 0, ItemStatus.Unmet)]
    public void Linear_at_least_scales_between_floor_and_target(int teachers, decimal score, ItemStatus status)
    {
        var result = ScoreItem(Teachers, Data(("teachers", teachers)));

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
        Assert.Equal(6 - score, result.Lost);
    }

    [Fact]
    public void Shortfall_is_the_distance_to_the_target_and_absent_once_met()
    {
        Assert.Equal(2m, ScoreItem(Teachers, Data(("teachers", 8))).Shortfall);
        Assert.Equal(7m, ScoreItem(Teachers, Data(("teachers", 3))).Shortfall);
        Assert.Null(ScoreItem(Teachers, Data(("teachers", 10))).Shortfall);
    }

    [Theory]
    [InlineData(0, 3, ItemStatus.Met)]
    [InlineData(1, 2, ItemStatus.Partial)]  // 3 × (3 − 1) / (3 − 0)
    [InlineData(3, 0, ItemStatus.Unmet)]    // exactly the floor
    [InlineData(7, 0, ItemStatus.Unmet)]
    public void Linear_at_most_rewards_smaller_values(int incidents, decimal score, ItemStatus status)
    {
        var item = Item("D2", 3, new ThresholdRule("incidents", Linear(0, 3, Direction.AtMost)));

        var result = ScoreItem(item, Data(("incidents", incidents)));

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
        Assert.Equal(incidents == 0 ? null : (decimal?)incidents, result.Shortfall);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(3, 2)]
    [InlineData(4, 2)]
    public void All_or_nothing_gives_full_points_only_at_the_target(int value, decimal score)
    {
        var item = Item("E1", 2, new ThresholdRule("teachers", Mode(ScaleMode.AllOrNothing, 3)));

        Assert.Equal(score, ScoreItem(item, Data(("teachers", value))).Score);
    }

    [Theory]
    [InlineData(20, 3, ItemStatus.Met)]
    [InlineData(10, 0.75, ItemStatus.Partial)] // half of 3 × 10 / 20
    [InlineData(19, 1.43, ItemStatus.Partial)] // 3 × 19 / 40 = 1.425, half-cent rounds up
    [InlineData(0, 0, ItemStatus.Unmet)]
    public void Half_cap_earns_at_most_half_until_the_target_is_met(int value, decimal score, ItemStatus status)
    {
        var item = Item("B2", 3, new ThresholdRule("teachers", Mode(ScaleMode.HalfCap, 20)));

        var result = ScoreItem(item, Data(("teachers", value)));

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
    }

    [Theory]
    [InlineData(5, 0, ItemStatus.Unmet)]
    [InlineData(6, 2.5, ItemStatus.Partial)]
    [InlineData(9, 4, ItemStatus.Partial)]
    [InlineData(10, 5, ItemStatus.Met)]
    [InlineData(50, 5, ItemStatus.Met)]
    public void Steps_take_the_largest_ratio_reached(int value, decimal score, ItemStatus status)
    {
        var item = Item("C3", 5, new ThresholdRule("teachers",
            Mode(ScaleMode.Steps, 10, steps: [new Step(6, 0.5m), new Step(8, 0.8m), new Step(10, 1m)])));

        var result = ScoreItem(item, Data(("teachers", value)));

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 2)]
    [InlineData(2, 0)]
    public void Steps_at_most_are_met_at_or_below_each_mark(int incidents, decimal score)
    {
        var item = Item("D3", 4, new ThresholdRule("incidents",
            Mode(ScaleMode.Steps, 0, direction: Direction.AtMost, steps: [new Step(1, 0.5m), new Step(0, 1m)])));

        Assert.Equal(score, ScoreItem(item, Data(("incidents", incidents))).Score);
    }

    [Theory]
    [InlineData(3, 8, 3, 1.13)]  // 3 × 3 / 8 = 1.125: halves round away from zero (banker's rounding would give 1.12)
    [InlineData(1, 8, 1, 0.13)]  // 0.125
    [InlineData(5, 3, 1, 1.67)]  // 1.666…
    [InlineData(1, 3, 2, 0.67)]  // 0.666…
    public void Scores_round_to_two_decimals_half_away_from_zero(decimal points, int target, int value, decimal score)
    {
        var item = Item("R1", points, new ThresholdRule("teachers", Linear(target)));

        Assert.Equal(score, ScoreItem(item, Data(("teachers", value))).Score);
    }

    [Fact]
    public void Decimal_values_are_scored_without_floating_point()
    {
        var item = Item("F2", 4, new ThresholdRule("funds", Linear(50, 20)));

        // 4 × (35.5 − 20) / 30 = 2.0666…
        Assert.Equal(2.07m, ScoreItem(item, Data(("funds", 35.5m))).Score);
        Assert.Equal(14.5m, ScoreItem(item, Data(("funds", 35.5m))).Shortfall);
    }

    [Fact]
    public void A_value_not_entered_scores_zero_as_missing_never_as_zero()
    {
        var result = ScoreItem(Teachers, Data());

        Assert.Equal(ItemStatus.Missing, result.Status);
        Assert.Equal(0, result.Score);
        Assert.Null(result.Shortfall);
        Assert.Equal(6, result.Lost);
    }
}
