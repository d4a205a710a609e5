using System.Net;
using System.Text;
using System.Text.Json;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.QuickCheck;

public class QuickCheckEndpointTests(AppFactory factory) : IClassFixture<AppFactory>
{
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
