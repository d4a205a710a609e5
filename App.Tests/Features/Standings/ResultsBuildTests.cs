using System.Text.Json;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Standings;

/// <summary>The stored form of an engine result, built without a database.</summary>
public class ResultsBuildTests
{
    private static readonly DateTime At = new(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc);

    // A1 partial (5 of 10), A2 a failed veto, B1 not entered, B2 met: every status the engine gives.
    private static readonly Standard Small = Standard(
        Dimension("A", Item("A1", 10, new ThresholdRule("teachers", Linear(10))), Item("A2", 5, new BooleanRule("campus"), veto: true)),
        Dimension("B", Item("B1", 4, new BooleanRule("library")), Item("B2", 21, new ThresholdRule("funds", Linear(10)))));

    private static ScoreResult ScoreSmall() => ScoringEngine.Score(Small, Catalog, SchoolData.OfIndicators(new Dictionary<string, IndicatorValue>
    {
        ["teachers"] = IndicatorValue.Of(5), ["campus"] = IndicatorValue.Of(false), ["funds"] = IndicatorValue.Of(12m),
    }));

    [Fact]
    public void A_result_keeps_the_engine_s_total_grade_and_counts()
    {
        var score = ScoreSmall();

        var result = ResultRecorder.Build(7, 2025, score, At);

        Assert.Equal((7, "test", 2025), (result.SchoolId, result.StandardId, result.Year));
        Assert.Equal(26m, score.Total);
        Assert.Equal(score.Total, result.Total);
        Assert.Equal(40m, result.Max);
        Assert.Equal(("failed", "不合格", false), (result.GradeCode, result.GradeName, result.Passed));
        Assert.Equal(1, result.VetoFailures);
        Assert.Equal(1, result.ItemsMissing);
        Assert.Equal(At, result.ComputedAtUtc);
    }

    [Fact]
    public void Items_are_met_or_not_and_lose_what_the_engine_says()
    {
        var score = ScoreSmall();

        var items = ResultRecorder.Build(7, 2025, score, At).Items.ToDictionary(i => i.ItemCode);

        Assert.Equal(new[] { "A1", "A2", "B1", "B2" }, items.Keys);
        Assert.All(items.Values, i => Assert.Equal((7, "test", 2025), (i.SchoolId, i.StandardId, i.Year)));
        Assert.Equal((5m, 5m, false, false), (items["A1"].Score, items["A1"].Lost, items["A1"].Met, items["A1"].Veto));
        Assert.Equal((0m, 5m, false, true), (items["A2"].Score, items["A2"].Lost, items["A2"].Met, items["A2"].Veto));
        Assert.Equal((0m, 4m, false), (items["B1"].Score, items["B1"].Lost, items["B1"].Met));
        Assert.Equal((21m, 0m, true), (items["B2"].Score, items["B2"].Lost, items["B2"].Met));
        foreach (var item in score.Items) Assert.Equal(item.Lost, items[item.Code].Lost);
    }

    [Fact]
    public void Dimensions_are_json_in_camel_case_and_read_back_as_they_were()
    {
        var score = ScoreSmall();

        var result = ResultRecorder.Build(7, 2025, score, At);

        var json = JsonDocument.Parse(result.Dimensions).RootElement;
        Assert.Equal(2, json.GetArrayLength());
        Assert.Equal("A", json[0].GetProperty("code").GetString());
        Assert.Equal("维度A", json[0].GetProperty("name").GetString());
        Assert.Equal(5m, json[0].GetProperty("score").GetDecimal());
        Assert.Equal(15m, json[0].GetProperty("max").GetDecimal());
        Assert.False(json[0].GetProperty("failed").GetBoolean());
        Assert.Contains("维度A", result.Dimensions); // readable in SQL, not \u-escaped
        Assert.Equal(
            score.Dimensions.Select(d => new DimensionScore(d.Code, d.Dimension.Name, d.Score, d.Max, d.Failed)),
            result.ReadDimensions());
    }

    [Fact]
    public void A_seed_standard_scored_on_its_example_school_is_stored_item_for_item()
    {
        var standard = SeedLibrary.Get("provincial-evaluation");
        var input = ScoringJson.ReadInput(File.ReadAllText(Path.Combine(SeedLibrary.RepositoryRoot, "docs/examples/provincial-evaluation.json")));
        var score = ScoringEngine.Score(standard, SeedLibrary.Value.Indicators, input);

        var result = ResultRecorder.Build(1, 2024, score, At);

        Assert.Equal(score.Total, result.Total);
        Assert.Equal(score.Grade.Code, result.GradeCode);
        Assert.Equal(standard.Items.Count(), result.Items.Count);
        Assert.Equal(score.Items.Count(i => i.Status == ItemStatus.Met), result.Items.Count(i => i.Met));
        Assert.Equal(score.Items.Sum(i => i.Lost), result.Items.Sum(i => i.Lost));
        Assert.Equal(standard.Dimensions.Select(d => d.Code), result.ReadDimensions().Select(d => d.Code));
        Assert.Equal(score.Dimensions.Sum(d => d.Score), result.ReadDimensions().Sum(d => d.Score));
    }
}
