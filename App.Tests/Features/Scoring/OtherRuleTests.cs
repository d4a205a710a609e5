using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

public class OtherRuleTests
{
    private static readonly Item LeaderShare = Item("A3", 3, new RatioRule("hours", "allHours", Linear(0.2m)));

    [Theory]
    [InlineData(20, 100, 3, ItemStatus.Met)]     // exactly 20%
    [InlineData(30, 100, 3, ItemStatus.Met)]
    [InlineData(15, 100, 2.25, ItemStatus.Partial)]
    [InlineData(1, 3, 3, ItemStatus.Met)]        // 33.3% ≥ 20%
    [InlineData(0, 100, 0, ItemStatus.Unmet)]
    public void Ratio_scores_numerator_over_denominator(int hours, int allHours, decimal score, ItemStatus status)
    {
        var result = ScoreItem(LeaderShare, Data(("hours", hours), ("allHours", allHours)));

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
    }

    [Fact]
    public void Ratio_exactly_on_a_target_that_is_not_a_finite_decimal_quotient_is_met()
    {
        // 1/8 = 0.125 exactly; with 2 / 16 the comparison is made as 2 ≥ 0.125 × 16, with no rounding.
        var item = Item("A4", 2, new RatioRule("hours", "allHours", Linear(0.125m)));

        Assert.Equal(ItemStatus.Met, ScoreItem(item, Data(("hours", 2), ("allHours", 16))).Status);
    }

    [Fact]
    public void Ratio_shortfall_is_in_the_ratio_s_own_terms()
    {
        var result = ScoreItem(LeaderShare, Data(("hours", 15), ("allHours", 100)));

        Assert.Equal(0.05m, result.Shortfall);
    }

    [Fact]
    public void Ratio_with_a_zero_denominator_is_missing()
    {
        var result = ScoreItem(LeaderShare, Data(("hours", 10), ("allHours", 0)));

        Assert.Equal(ItemStatus.Missing, result.Status);
        Assert.Equal(0, result.Score);
        Assert.Null(result.Shortfall);
    }

    [Fact]
    public void Ratio_with_either_side_not_entered_is_missing()
    {
        Assert.Equal(ItemStatus.Missing, ScoreItem(LeaderShare, Data(("hours", 10))).Status);
        Assert.Equal(ItemStatus.Missing, ScoreItem(LeaderShare, Data(("allHours", 10))).Status);
    }

    [Theory]
    [InlineData(true, 3, ItemStatus.Met)]
    [InlineData(false, 0, ItemStatus.Unmet)]
    public void Boolean_is_all_or_nothing(bool campus, decimal score, ItemStatus status)
    {
        var result = ScoreItem(Item("B1", 3, new BooleanRule("campus")), Data(("campus", campus)));

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
        Assert.Null(result.Shortfall);
    }

    [Fact]
    public void Boolean_not_entered_is_missing_not_false()
    {
        Assert.Equal(ItemStatus.Missing, ScoreItem(Item("B1", 3, new BooleanRule("campus")), Data()).Status);
    }

    [Theory]
    [InlineData(ChecklistMode.Linear, true, true, true, 3)]
    [InlineData(ChecklistMode.Linear, true, false, true, 2)]
    [InlineData(ChecklistMode.Linear, false, false, false, 0)]
    [InlineData(ChecklistMode.AllOrNothing, true, false, true, 0)]
    [InlineData(ChecklistMode.AllOrNothing, true, true, true, 3)]
    public void Checklist_counts_the_true_ones(ChecklistMode mode, bool campus, bool library, bool canteen, decimal score)
    {
        var item = Item("B4", 3, new ChecklistRule(["campus", "library", "canteen"], mode));

        Assert.Equal(score, ScoreItem(item, Data(("campus", campus), ("library", library), ("canteen", canteen))).Score);
    }

    [Fact]
    public void Checklist_with_an_indicator_not_entered_is_missing()
    {
        var item = Item("B4", 3, new ChecklistRule(["campus", "library"], ChecklistMode.Linear));

        Assert.Equal(ItemStatus.Missing, ScoreItem(item, Data(("campus", true))).Status);
    }

    private static readonly Item Graded = Item("C1", 4, new GradedRule(
    [
        new GradeLevel("A", "好", 1), new GradeLevel("B", "较好", 0.75m), new GradeLevel("C", "一般", 0.5m), new GradeLevel("D", "差", 0),
    ]));

    [Theory]
    [InlineData("A", 4, ItemStatus.Met)]
    [InlineData("B", 3, ItemStatus.Partial)]
    [InlineData("D", 0, ItemStatus.Unmet)]
    public void Graded_uses_the_chosen_level_s_ratio(string level, decimal score, ItemStatus status)
    {
        var data = SchoolData.Empty with { Judgements = new Dictionary<string, Judgement> { ["C1"] = Judgement.OfLevel(level) } };

        var result = ScoreItem(Graded, data);

        Assert.Equal(score, result.Score);
        Assert.Equal(status, result.Status);
    }

    [Fact]
    public void Graded_and_judgement_items_without_a_judgement_are_missing()
    {
        Assert.Equal(ItemStatus.Missing, ScoreItem(Graded, Data()).Status);
        Assert.Equal(ItemStatus.Missing, ScoreItem(Item("E3", 4, new JudgementRule()), Data()).Status);
    }

    [Theory]
    [InlineData(3.5, ItemStatus.Partial)]
    [InlineData(4, ItemStatus.Met)]
    [InlineData(0, ItemStatus.Unmet)]
    public void Judgement_is_the_evaluator_s_score(decimal given, ItemStatus status)
    {
        var data = SchoolData.Empty with { Judgements = new Dictionary<string, Judgement> { ["E3"] = Judgement.OfScore(given) } };

        var result = ScoreItem(Item("E3", 4, new JudgementRule()), data);

        Assert.Equal(given, result.Score);
        Assert.Equal(status, result.Status);
    }
}
