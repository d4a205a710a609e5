using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.QuickCheck;

public class QuickCheckEndpointTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static FormUrlEncodedContent Form(params (string, string)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Item1, f.Item2)));

    [Fact]
    public async Task A_post_returns_the_results_fragment_with_the_engine_s_scores()
    {
        var client = await factory.ClientWithAntiforgeryAsync();

        var response = await client.PostAsync("/quick-check/results",
            Form(("i.fulltimeTeachers", "8"), ("i.hasIndependentCampus", "true"), ("j.provincial-evaluation.H1", "B")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Null(fragment.QuerySelector("html > head > link")); // a fragment, not a page
        Assert.Equal("6.6", fragment.QuerySelector("[data-standard='optimized-development'] [data-role=total]")!.TextContent);

        var expected = ScoringEngine.Score(SeedLibrary.Get("provincial-evaluation"), SeedLibrary.Value.Indicators, ScoringJson.ReadInput(
            """{ "indicators": { "fulltimeTeachers": 8, "hasIndependentCampus": true }, "judgements": { "H1": "B" } }"""));
        Assert.Equal(expected.Total.ToString("0.##"), fragment.QuerySelector("[data-standard='provincial-evaluation'] [data-role=total]")!.TextContent);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var response = await factory.CreateClient().PostAsync("/quick-check/results", Form(("i.fulltimeTeachers", "8")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_reported_by_field_and_nothing_scored()
    {
        var client = await factory.ClientWithAntiforgeryAsync();

        var response = await client.PostAsync("/quick-check/results", Form(("i.fulltimeTeachers", "99999")));

        var fragment = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("专职教师人数", fragment.QuerySelector("[data-role=input-errors]")!.TextContent);
        Assert.Empty(fragment.QuerySelectorAll("[data-standard]"));
    }

    [Fact]
    public async Task The_json_api_answers_as_the_score_command_does()
    {
        var example = await File.ReadAllTextAsync(Path.Combine(SeedLibrary.RepositoryRoot, "docs", "examples", "provincial-evaluation.json"));

        var response = await factory.CreateClient().PostAsync("/api/standards/provincial-evaluation/score",
            new StringContent(example, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(73.69m, json.GetProperty("total").GetDecimal());
        Assert.Equal("qualified", json.GetProperty("grade").GetString());
    }

    [Fact]
    public async Task The_json_api_names_bad_keys_with_a_400()
    {
        var response = await factory.CreateClient().PostAsync("/api/standards/provincial-evaluation/score",
            new StringContent("""{ "indicators": { "beds": "many" } }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("indicators.beds", await response.Content.ReadAsStringAsync());
    }
}
