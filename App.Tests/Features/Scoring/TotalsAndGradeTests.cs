using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

public class TotalsAndGradeTests
{
    private static readonly Item Teachers = Item("A1", 6, new ThresholdRule("teachers", Linear(10, 5)));

    private static SchoolData WithOverride(SchoolData data, string code, decimal score, string reason = "花名册中2人为借调") =>
        data with { Overrides = new Dictionary<string, ScoreOverride> { [code] = new(score, reason) } };

    [Fact]
    public void An_override_replaces_the_score_and_keeps_the_computed_one()
    {
        var result = ScoreItem(Teachers, WithOverride(Data(("teachers", 8)), "A1", 2));

        Assert.Equal(2, result.Score);
        Assert.Equal(3.6m, result.Computed);
        Assert.Equal(ItemStatus.Partial, result.Status);
        Assert.Equal(4, result.Lost);
        Assert.Equal(2, result.Shortfall);
    }

    [Fact]
    public void An_override_to_full_points_is_met_and_to_zero_is_unmet()
    {
        Assert.Equal(ItemStatus.Met, ScoreItem(Teachers, WithOverride(Data(("teachers", 8)), "A1", 6)).Status);
        Assert.Equal(ItemStatus.Unmet, ScoreItem(Teachers, WithOverride(Data(("teachers", 12)), "A1", 0)).Status);
        Assert.Equal(6m, ScoreItem(Teachers, WithOverride(Data(("teachers", 12)), "A1", 0)).Computed);
    }

    [Fact]
    public void An_override_applies_to_an_item_with_missing_data()
    {
        var result = ScoreItem(Teachers, WithOverride(Data(), "A1", 4.5m));

        Assert.Equal(4.5m, result.Score);
        Assert.Equal(0m, result.Computed);
        Assert.Equal(ItemStatus.Partial, result.Status);
    }

    [Fact]
    public void Without_an_override_there_is_no_computed_score()
    {
        Assert.Null(ScoreItem(Teachers, Data(("teachers", 8))).Computed);
    }

    private static readonly Standard Vetoed = Standard(
        Item("A1", 95, new ThresholdRule("teachers", Linear(10))),
        Item("B1", 5, new BooleanRule("campus"), veto: true));

    [Fact]
    public void A_veto_item_not_met_fails_the_standard_whatever_the_total()
    {
        var result = Score(Vetoed, Data(("teachers", 10), ("campus", false)));

        Assert.Equal(95, result.Total);
        Assert.Equal("failed", result.Grade.Code);
        Assert.False(result.Passed);
        Assert.Equal(["B1"], result.VetoFailures);
    }

    [Fact]
    public void A_veto_item_missing_is_a_veto_failure()
    {
        Assert.Equal(["B1"], Score(Vetoed, Data(("teachers", 10))).VetoFailures);
    }

    [Fact]
    public void A_veto_item_overridden_to_full_points_is_met()
    {
        var result = Score(Vetoed, WithOverride(Data(("teachers", 10), ("campus", false)), "B1", 5, "校园产权证已补办"));

        Assert.Empty(result.VetoFailures);
        Assert.Equal("excellent", result.Grade.Code);
    }

    [Fact]
    public void A_partial_veto_item_is_a_veto_failure_even_with_a_full_score_elsewhere()
    {
        var standard = Standard(Item("A1", 90, new BooleanRule("campus")), Item("A2", 10, new ThresholdRule("teachers", Linear(10)), veto: true));

        var result = Score(standard, Data(("campus", true), ("teachers", 9)));

        Assert.Equal(99, result.Total);
        Assert.Equal(["A2"], result.VetoFailures);
        Assert.Equal("failed", result.Grade.Code);
    }

    private static Standard WithMinRatio(decimal minRatio) => Standard(
        new Dimension("A", "师资", minRatio, false, [Item("A1", 10, new ThresholdRule("funds", Linear(100)))]),
        Dimension("B", Item("B1", 90, new BooleanRule("campus"))));

    [Theory]
    [InlineData(60, false)]    // exactly 60% of 10 points
    [InlineData(59.9, true)]   // 5.99 < 6
    [InlineData(100, false)]
    public void A_dimension_below_its_min_ratio_fails_the_standard(decimal funds, bool failed)
    {
        var result = Score(WithMinRatio(0.6m), Data(("funds", funds), ("campus", true)));

        Assert.Equal(failed, result.Dimensions[0].Failed);
        Assert.Equal(failed ? ["A"] : [], result.DimensionFailures);
        Assert.Equal(failed ? "failed" : "excellent", result.Grade.Code);
    }

    [Theory]
    [InlineData(20, "excellent")] // 80 + 10: exactly on the excellent line
    [InlineData(19, "qualified")] // 80 + 9.5
    [InlineData(0, "qualified")]  // 80 + 0
    public void The_grade_is_the_first_whose_min_the_total_reaches(int teachers, string grade)
    {
        var standard = Standard(Item("A1", 80, new BooleanRule("campus")), Item("A2", 10, new ThresholdRule("teachers", Linear(20))));

        var result = Score(standard, Data(("campus", true), ("teachers", teachers)));

        Assert.Equal(grade, result.Grade.Code);
    }

    [Fact]
    public void The_failing_grade_is_given_below_every_passing_min()
    {
        var result = Score(Standard(Item("A1", 100, new BooleanRule("campus"))), Data(("campus", false)));

        Assert.Equal("failed", result.Grade.Code);
        Assert.Empty(result.VetoFailures);
    }

    [Fact]
    public void A_bonus_dimension_adds_to_the_total_but_not_to_the_maximum()
    {
        var standard = Standard(
            Dimension("A", Item("A1", 100, new ThresholdRule("teachers", Linear(10)))),
            new Dimension("J", "加分项", null, true, [Item("J1", 5, new ThresholdRule("incidents", Linear(5)))]));

        var result = Score(standard, Data(("teachers", 8), ("incidents", 3)));

        Assert.Equal(100, result.Max);
        Assert.Equal(83, result.Total);
        Assert.Equal(5, result.Dimensions[1].Max);
        Assert.False(result.Dimensions[1].Failed);
    }

    [Fact]
    public void Dimension_scores_and_the_total_are_sums_of_rounded_item_scores()
    {
        var standard = Standard(
            Dimension("A", Item("A1", 1, new ThresholdRule("teachers", Linear(3))), Item("A2", 1, new ThresholdRule("incidents", Linear(3)))),
            Dimension("B", Item("B1", 1, new ThresholdRule("funds", Linear(3)))));

        var result = Score(standard, Data(("teachers", 1), ("incidents", 1), ("funds", 1m)));

        Assert.Equal(0.66m, result.Dimensions[0].Score); // 0.33 + 0.33, not round2(2/3)
        Assert.Equal(0.99m, result.Total);
    }
}
