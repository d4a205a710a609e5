using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

public class BadInputTests
{
    private static readonly Standard Sample = Standard(
        Item("A1", 6, new ThresholdRule("teachers", Linear(10, 5))),
        Item("B1", 3, new BooleanRule("campus")),
        Item("C1", 4, new GradedRule([new GradeLevel("A", "好", 1), new GradeLevel("B", "较好", 0.75m)])),
        Item("E3", 4, new JudgementRule()));

    private static string OnlyErrorKey(string json)
    {
        var e = Assert.Throws<ScoringInputException>(() => ScoringEngine.Score(Sample, Catalog, ScoringJson.ReadInput(json)));
        return Assert.Single(e.Errors).Key;
    }

    [Theory]
    [InlineData("""{ "indicators": { "nonsense": 1 } }""", "indicators.nonsense")]
    [InlineData("""{ "indicators": { "teachers": 8.5 } }""", "indicators.teachers")]
    [InlineData("""{ "indicators": { "teachers": -1 } }""", "indicators.teachers")]
    [InlineData("""{ "indicators": { "teachers": 1001 } }""", "indicators.teachers")]
    [InlineData("""{ "indicators": { "teachers": true } }""", "indicators.teachers")]
    [InlineData("""{ "indicators": { "teachers": "8" } }""", "indicators.teachers")]
    [InlineData("""{ "indicators": { "campus": 1 } }""", "indicators.campus")]
    [InlineData("""{ "judgements": { "A1": "A" } }""", "judgements.A1")]
    [InlineData("""{ "judgements": { "C1": "Z" } }""", "judgements.C1")]
    [InlineData("""{ "judgements": { "C1": 3 } }""", "judgements.C1")]
    [InlineData("""{ "judgements": { "E3": 4.5 } }""", "judgements.E3")]
    [InlineData("""{ "judgements": { "E3": 1.2 } }""", "judgements.E3")]
    [InlineData("""{ "judgements": { "Q9": "A" } }""", "judgements.Q9")]
    [InlineData("""{ "overrides": { "Q9": { "score": 1, "reason": "x" } } }""", "overrides.Q9")]
    [InlineData("""{ "overrides": { "A1": { "score": 2 } } }""", "overrides.A1")]
    [InlineData("""{ "overrides": { "A1": { "score": 2, "reason": "  " } } }""", "overrides.A1")]
    [InlineData("""{ "overrides": { "A1": { "score": 6.5, "reason": "x" } } }""", "overrides.A1")]
    [InlineData("""{ "overrides": { "A1": { "score": 2.225, "reason": "x" } } }""", "overrides.A1")] // at most 2 decimals (SCORING.md §4)
    [InlineData("""{ "overrides": { "A1": 2 } }""", "overrides.A1")]
    [InlineData("""{ "extra": {} }""", "extra")]
    [InlineData("""[1, 2]""", "input")]
    [InlineData("""{ "indicators": """, "input")]
    public void Bad_input_is_refused_naming_the_key(string json, string key)
    {
        Assert.Equal(key, OnlyErrorKey(json));
    }

    [Fact]
    public void Every_bad_key_is_reported_at_once()
    {
        var e = Assert.Throws<ScoringInputException>(() => ScoringEngine.Score(Sample, Catalog,
            ScoringJson.ReadInput("""{ "indicators": { "teachers": 9999, "campus": 2 }, "judgements": { "C1": "Z" } }""")));

        Assert.Equal(["indicators.teachers", "indicators.campus", "judgements.C1"], e.Errors.Select(x => x.Key));
    }

    [Fact]
    public void Null_means_not_entered()
    {
        var result = ScoringEngine.Score(Sample, Catalog, ScoringJson.ReadInput("""{ "indicators": { "teachers": null } }"""));

        Assert.Equal(ItemStatus.Missing, result.Items.First().Status);
    }

    [Fact]
    public void A_whole_number_written_with_a_decimal_point_is_an_integer()
    {
        var result = ScoringEngine.Score(Sample, Catalog, ScoringJson.ReadInput("""{ "indicators": { "teachers": 8.0 } }"""));

        Assert.Equal(3.6m, result.Items.First().Score);
    }

    [Fact]
    public void Indicators_of_the_catalogue_that_the_standard_does_not_use_are_accepted()
    {
        var result = ScoringEngine.Score(Sample, Catalog, ScoringJson.ReadInput("""{ "indicators": { "funds": 12.5 } }"""));

        Assert.Equal(0, result.Total);
    }
}
