using System.Net;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Interactive;

/// <summary>The interactive app's scripts are served outside Development, and a user who must change the password still gets them.</summary>
public class InteractiveHostTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/_framework/blazor.web.js", "javascript")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css", "css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js", "javascript")]
    [InlineData("/js/echarts-interop.js", "javascript")]
    [InlineData("/js/reconnect-modal.js", "javascript")]
    public async Task The_interactive_assets_are_served_in_production(string url, string type)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(type, response.Content.Headers.ContentType!.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 500);
    }
}
