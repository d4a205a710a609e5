using System.Net;
using System.Text.RegularExpressions;
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

    [Fact]
    public async Task Pages_link_their_assets_by_fingerprint_and_the_assets_come_compressed()
    {
        var client = factory.CreateClient();
        var html = await client.GetStringAsync("/account/login");
        var urls = Regex.Matches(html, "(?:href|src)=\"((?:css|js|lib|_content|_framework)/[^\"]+)\"")
            .Select(m => m.Groups[1].Value).Distinct().ToList();

        // A fingerprinted name changes with the content, so a browser may keep it for a year (published: immutable).
        Assert.Contains(urls, u => Regex.IsMatch(u, @"^css/app\.[a-z0-9]{10}\.css$"));
        Assert.Contains(urls, u => Regex.IsMatch(u, @"^_content/MudBlazor/MudBlazor\.min\.[a-z0-9]{10}\.css$"));
        foreach (var url in urls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/" + url);
            request.Headers.AcceptEncoding.ParseAdd("gzip");
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.NotNull(response.Headers.ETag);
            // The app's own files and the npm packages it copies are compressed at build; a package's own
            // (_content, _framework) are compressed when the app is published.
            if (!url.StartsWith('_')) Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        }
    }
}
