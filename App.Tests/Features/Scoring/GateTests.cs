using System.Text.Json;
using SchoolAssessment.Features.Gaps;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

/// <summary>Gates (必备条件, docs/scoring.md §5a): a threshold of its own on an item, or a minimum on a whole dimension.</summary>
public class GateTests
{
    private static Item Teachers(ItemGate? gate) =>
        Item("A1", 20, new ThresholdRule("teachers", Linear(10, 0))) with { Gate = gate };

    private static Standard WithTeacherGate() => Standard(Dimension("A", Teachers(new ItemGate(Direction.AtLeast, 5)), Item("A2", 80, new BooleanRule("campus"))));

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(9, true)]
    public void An_item_gate_fails_the_school_whatever_its_total(int teachers, bool passes)
    {
        var result = Score(WithTeacherGate(), Data(("teachers", teachers), ("campus", true)));

        Assert.Equal(passes, result.Passed);
        Assert.Equal(passes ? [] : ["A1"], result.GateFailures);
        // The gate does not change the score: 4 teachers still earn 8 of 20 points, a total of 88 (合格 from 60).
        Assert.Equal(teachers * 2 + 80, result.Total);
    }

    [Fact]
    public void A_gate_is_not_met_by_a_value_not_entered_nor_by_an_override()
    {
        var missing = Score(WithTeacherGate(), Data(("campus", true)));
        Assert.Equal(["A1"], missing.GateFailures);

        var data = Data(("teachers", 2), ("campus", true)) with
        {
            Overrides = new Dictionary<string, ScoreOverride> { ["A1"] = new(20, "现场核定") },
        };
        var overridden = Score(WithTeacherGate(), data);
        Assert.Equal(100, overridden.Total);
        Assert.False(overridden.Passed);
    }

    [Fact]
    public void A_ratio_gate_is_compared_exactly()
    {
        var item = Item("A1", 10, new RatioRule("hours", "allHours", Linear(0.2m))) with { Gate = new ItemGate(Direction.AtLeast, 0.1m) };
        var standard = Standard(Dimension("A", item, Item("A2", 90, new BooleanRule("campus"))));

        Assert.True(Score(standard, Data(("hours", 30), ("allHours", 300), ("campus", true))).Passed);
        Assert.False(Score(standard, Data(("hours", 29.99m), ("allHours", 300), ("campus", true))).Passed);
    }

    [Fact]
    public void A_dimension_gate_fails_the_school_and_is_reported_as_a_gate_not_a_dimension_failure()
    {
        var standard = Standard(
            Dimension("A", Item("A1", 90, new ThresholdRule("teachers", Linear(10)))),
            new Dimension("F", "有经费保障", null, false, [Item("F1", 10, new BooleanRule("campus"))], new DimensionGate(0.5m)));

        var result = Score(standard, Data(("teachers", 10), ("campus", false)));

        Assert.Equal(90, result.Total);
        Assert.Equal("failed", result.Grade.Code);
        Assert.Equal(["F"], result.GateFailures);
        Assert.Empty(result.DimensionFailures);
    }

    [Fact]
    public void The_json_carries_gate_failures_only_for_a_standard_with_gates()
    {
        var gated = JsonDocument.Parse(ScoringJson.WriteResult(Score(WithTeacherGate(), Data(("teachers", 1), ("campus", true))))).RootElement;
        Assert.Equal(
            ["standard", "version", "total", "max", "grade", "passed", "vetoFailures", "dimensionFailures", "gateFailures", "dimensions", "items"],
            gated.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["A1"], gated.GetProperty("gateFailures").EnumerateArray().Select(e => e.GetString()));

        var plain = JsonDocument.Parse(ScoringJson.WriteResult(Score(Standard(Teachers(null)), Data(("teachers", 1))))).RootElement;
        Assert.False(plain.TryGetProperty("gateFailures", out _));
    }

    [Fact]
    public void The_gap_list_puts_gates_first_and_names_them()
    {
        var standard = Standard(Dimension("A", Teachers(new ItemGate(Direction.AtLeast, 5)) with { Points = 10 },
            Item("A2", 90, new ThresholdRule("funds", Linear(100)))));
        var data = Data(("teachers", 4), ("funds", 10));

        var gaps = GapFinder.Find(Score(standard, data), Catalog, data);

        Assert.Equal(["A1", "A2"], gaps.Select(g => g.Item.Code));
        Assert.True(gaps[0].Gate);
        Assert.StartsWith("未达到必备条件（专职教师人数≥5人）；", gaps[0].Description);
        Assert.False(gaps[1].Gate);
    }

    [Fact]
    public void The_way_to_passing_includes_every_gate()
    {
        var result = Score(WithTeacherGate(), Data(("teachers", 4), ("campus", true)));

        var way = WayToGrade.Next(result);

        Assert.NotNull(way);
        Assert.Contains(way.Items, i => i.Code == "A1");
    }

    [Fact]
    public void The_county_school_with_one_full_time_teacher_fails_optimized_development()
    {
        var standard = SeedLibrary.Get("optimized-development");
        // The example school with every other item at full marks, but only 1 full-time teacher.
        var strong = Full(standard);
        var indicators = new Dictionary<string, IndicatorValue>(strong.Indicators) { ["fulltimeTeachers"] = IndicatorValue.Of(1) };
        foreach (var key in new[] { "fulltimeTeachersMasterPlus", "teachersTrainedOutside" }) indicators[key] = IndicatorValue.Of(1);

        var result = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, strong with { Indicators = indicators });

        Assert.True(result.Total >= 85, $"total {result.Total}");
        Assert.Equal("notAttained", result.Grade.Code);
        Assert.Contains("C1", result.GateFailures);
    }

    [Fact]
    public void A_township_school_without_funding_is_not_attained_and_its_gaps_say_which_have_is_missing()
    {
        var standard = SeedLibrary.Get("township-six-haves");
        var full = Full(standard);
        var indicators = new Dictionary<string, IndicatorValue>(full.Indicators)
        {
            ["townshipFundsSeparateLine"] = IndicatorValue.Of(false),
            ["townshipAnnualFunds"] = IndicatorValue.Of(0),
            ["townshipFundsEarmarked"] = IndicatorValue.Of(false),
        };
        var data = full with { Indicators = indicators };

        var result = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, data);

        Assert.Equal(86, result.Total);
        Assert.False(result.Passed);
        Assert.Equal(["F"], result.GateFailures);
        var gaps = GapFinder.Find(result, SeedLibrary.Value.Indicators, data);
        Assert.All(gaps, g => Assert.Contains("“有经费保障”", g.Description));
        Assert.Equal(["F1", "F2", "F3"], gaps.Select(g => g.Item.Code).Order());
    }

    [Theory]
    [InlineData("有组织机构")]
    [InlineData("有场地设施")]
    [InlineData("有师资队伍")]
    [InlineData("有培训计划")]
    [InlineData("有管理制度")]
    [InlineData("有经费保障")]
    public void Each_of_the_six_haves_is_required(string have)
    {
        var dimension = SeedLibrary.Get("township-six-haves").Dimensions.Single(d => d.Name == have);

        Assert.NotNull(dimension.Gate);
    }

    /// <summary>Data that meets every item of a standard: each number at its target, each flag true, each level the best.</summary>
    internal static SchoolData Full(Standard standard)
    {
        var indicators = new Dictionary<string, IndicatorValue>(StringComparer.Ordinal);
        var judgements = new Dictionary<string, Judgement>(StringComparer.Ordinal);
        foreach (var item in standard.Items)
        {
            switch (item.Rule)
            {
                case ThresholdRule t:
                    indicators[t.Indicator] = IndicatorValue.Of(Math.Max(t.Scale.Target, indicators.GetValueOrDefault(t.Indicator).Number ?? 0));
                    break;
                case RatioRule r:
                    indicators[r.Denominator] = indicators.GetValueOrDefault(r.Denominator).Number is { } d ? IndicatorValue.Of(d) : IndicatorValue.Of(100);
                    break;
                case BooleanRule b:
                    indicators[b.Indicator] = IndicatorValue.Of(true);
                    break;
                case ChecklistRule c:
                    foreach (var k in c.Indicators) indicators[k] = IndicatorValue.Of(true);
                    break;
                case GradedRule g:
                    judgements[item.Code] = Judgement.OfLevel(g.Levels.OrderByDescending(l => l.Ratio).First().Code);
                    break;
                case JudgementRule:
                    judgements[item.Code] = Judgement.OfScore(item.Points);
                    break;
            }
        }

        // Numerators after every denominator is known: each ratio exactly at its target.
        foreach (var r in standard.Items.Select(i => i.Rule).OfType<RatioRule>())
        {
            var d = indicators[r.Denominator].Number!.Value;
            indicators[r.Numerator] = IndicatorValue.Of(Math.Max(Math.Ceiling(d * r.Scale.Target), indicators.GetValueOrDefault(r.Numerator).Number ?? 0));
        }

        return new SchoolData(indicators, judgements, new Dictionary<string, ScoreOverride>());
    }
}
