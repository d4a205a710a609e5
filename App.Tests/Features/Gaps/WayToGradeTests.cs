using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Gaps;

public class WayToGradeTests
{
    [Fact]
    public void A_school_failing_only_by_a_veto_needs_just_the_veto_item()
    {
        var standard = Standard(Item("A1", 95, new ThresholdRule("teachers", Linear(10))), Item("B1", 5, new BooleanRule("campus"), veto: true));

        var way = WayToGrade.Next(Score(standard, Data(("teachers", 10), ("campus", false))))!;

        Assert.Equal("qualified", way.Target.Code);
        Assert.Equal(["B1"], way.Items.Select(i => i.Code));
        Assert.Equal(100, way.TotalAfter);
    }

    [Fact]
    public void The_fewest_items_are_the_largest_losses()
    {
        // 70 now; excellent needs 90: 15 + 10 closes it in two items, where 15 + 5 would not.
        var standard = Standard(
            Item("A1", 30, new ThresholdRule("teachers", Linear(30))),
            Item("A2", 30, new ThresholdRule("incidents", Linear(30))),
            Item("A3", 40, new ThresholdRule("funds", Linear(40))));

        var way = WayToGrade.Next(Score(standard, Data(("teachers", 15), ("incidents", 20), ("funds", 35m))))!;

        Assert.Equal("excellent", way.Target.Code);
        Assert.Equal(["A1", "A2"], way.Items.Select(i => i.Code));
        Assert.Equal(95, way.TotalAfter);
    }

    [Fact]
    public void A_failed_dimension_is_lifted_from_its_own_items()
    {
        var standard = Standard(
            new Dimension("A", "师资", 0.6m, false, [Item("A1", 10, new ThresholdRule("teachers", Linear(10))), Item("A2", 2, new BooleanRule("library"))]),
            Dimension("B", Item("B1", 88, new ThresholdRule("funds", Linear(88)))));

        var result = Score(standard, Data(("teachers", 5), ("library", false), ("funds", 88m)));
        var way = WayToGrade.Next(result)!;

        Assert.Equal(["A"], result.DimensionFailures);
        Assert.Equal(["A1"], way.Items.Select(i => i.Code));
    }

    [Fact]
    public void At_the_top_grade_there_is_no_next_one()
    {
        var standard = Standard(Item("A1", 100, new BooleanRule("campus")));

        Assert.Null(WayToGrade.Next(Score(standard, Data(("campus", true)))));
    }

    [Theory]
    [InlineData("optimized-development")]
    [InlineData("provincial-evaluation")]
    [InlineData("township-six-haves")]
    public void Fixing_the_items_of_the_way_really_reaches_the_grade_on_the_engine(string id)
    {
        var standard = SeedLibrary.Get(id);
        var input = ScoringJson.ReadInput(File.ReadAllText(Path.Combine(SeedLibrary.RepositoryRoot, "docs", "examples", id + ".json")));
        var result = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, input);

        var way = WayToGrade.Next(result)!;
        var fixedInput = input with
        {
            Overrides = input.Overrides.Concat(way.Items.Select(i => KeyValuePair.Create(i.Code, new ScoreOverride(i.Max, "整改到位"))))
                .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        };
        var after = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, fixedInput);

        Assert.True(after.Passed, $"{id}: {after.Grade.Code} after fixing {string.Join(",", way.Items.Select(i => i.Code))}");
        Assert.True(after.Total >= way.Target.Min);
        Assert.Equal(way.TotalAfter, after.Total);

        // And no smaller set would do: dropping the smallest gain falls short (or leaves a veto or a dimension).
        var smaller = way.Items.Take(way.Items.Count - 1).ToList();
        var short_ = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, input with
        {
            Overrides = input.Overrides.Concat(smaller.Select(i => KeyValuePair.Create(i.Code, new ScoreOverride(i.Max, "整改到位"))))
                .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        });
        Assert.False(short_.Total >= way.Target.Min && short_.Passed && short_.Grade.Min >= way.Target.Min);
    }
}
