using System.Text.Json;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standards;
using static SchoolAssessment.Tests.Support.TestStandards;

namespace SchoolAssessment.Tests.Features.Scoring;

public class ScoringJsonTests
{
    private static readonly Standard Sample = Standard(
        Dimension("A", Item("A1", 6, new ThresholdRule("teachers", Linear(10, 5))), Item("A2", 3, new BooleanRule("campus"), veto: true)),
        new Dimension("B", "经费", 0.5m, false, [Item("B1", 4, new ThresholdRule("funds", Linear(50)))]));

    private static JsonElement Run(string input) =>
        JsonDocument.Parse(ScoringJson.WriteResult(ScoringEngine.Score(Sample, Catalog, ScoringJson.ReadInput(input)))).RootElement;

    [Fact]
    public void The_result_has_the_fields_of_scoring_md_section_6_in_order()
    {
        var json = Run("""{ "indicators": { "teachers": 8, "campus": true, "funds": 10 }, "overrides": { "A1": { "score": 2, "reason": "借调" } } }""");

        Assert.Equal(
            ["standard", "version", "total", "max", "grade", "passed", "vetoFailures", "dimensionFailures", "dimensions", "items"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("test", json.GetProperty("standard").GetString());
        Assert.Equal("1", json.GetProperty("version").GetString());
        Assert.Equal(5.8m, json.GetProperty("total").GetDecimal()); // 2 + 3 + 0.8
        Assert.Equal(13m, json.GetProperty("max").GetDecimal());
        Assert.Equal("failed", json.GetProperty("grade").GetString());
        Assert.False(json.GetProperty("passed").GetBoolean());
        Assert.Equal(["B"], json.GetProperty("dimensionFailures").EnumerateArray().Select(e => e.GetString()));

        var a1 = json.GetProperty("items")[0];
        Assert.Equal(["code", "score", "computed", "max", "status", "lost", "shortfall"], a1.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3.6m, a1.GetProperty("computed").GetDecimal());
        Assert.Equal("partial", a1.GetProperty("status").GetString());
        Assert.Equal(4m, a1.GetProperty("lost").GetDecimal());
        Assert.Equal(2m, a1.GetProperty("shortfall").GetDecimal());

        var a2 = json.GetProperty("items")[1];
        Assert.Equal(["code", "score", "max", "status", "lost"], a2.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Numbers_are_written_without_trailing_zeros()
    {
        var text = ScoringJson.WriteResult(ScoringEngine.Score(Sample, Catalog, ScoringJson.ReadInput("""{ "indicators": { "funds": 25 } }""")), indented: false);

        Assert.Contains("\"total\":2,", text);
        Assert.Contains("\"max\":13,", text);
        Assert.DoesNotContain(".00", text);
        Assert.DoesNotContain("2.0,", text);
    }

    [Fact]
    public void Statuses_are_written_as_the_contract_s_words()
    {
        var json = Run("""{ "indicators": { "teachers": 12, "campus": false } }""");

        Assert.Equal(["met", "unmet", "missing"], json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString()));
        Assert.Equal(["A2"], json.GetProperty("vetoFailures").EnumerateArray().Select(e => e.GetString()));
    }
}
