using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.Data.Sqlite;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features;

/// <summary>The app as a whole, in-process: start-up, pages, health, headers.</summary>
public class AppHostTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Theory]
    [InlineData("/", "党校办学评估")]
    [InlineData("/standards", "评估标准")]
    [InlineData("/standards/optimized-development", "优化发展类县级党校创建标准")]
    [InlineData("/standards/provincial-evaluation", "县级党校办学水平评估细则")]
    [InlineData("/standards/township-six-haves", "六个有")]
    [InlineData("/quick-check", "快速测评")]
    public async Task Pages_render_in_chinese(string url, string heading)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.Contains(heading, page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav a[href='quick-check']"));
    }

    [Fact]
    public async Task An_unknown_standard_is_a_404()
    {
        var response = await factory.CreateClient().GetAsync("/standards/no-such");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_address_gets_the_not_found_page()
    {
        var response = await factory.CreateClient().GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_answers_when_the_database_is_ready()
    {
        var response = await factory.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    [Trait("Needs", "Sqlite")] // reads the SQLite file itself
    public async Task Start_up_migrates_the_database_and_records_each_standard_version_once()
    {
        await factory.CreateClient().GetAsync("/healthz");

        await using var connection = new SqliteConnection($"Data Source={factory.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT StandardId || '@' || Version FROM StandardVersions ORDER BY StandardId";
        var rows = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add(reader.GetString(0));

        Assert.Equal(["optimized-development@2024.1", "provincial-evaluation@2024.1", "township-six-haves@2024.1"], rows);
    }

    [Fact]
    public async Task Responses_carry_security_headers()
    {
        var response = await factory.CreateClient().GetAsync("/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task Front_end_packages_are_served_from_the_app()
    {
        var client = factory.CreateClient();

        foreach (var asset in new[] { "/lib/echarts/echarts.min.js", "/lib/noto-sans-sc/400.css", "/css/app.css", "/js/charts.js" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(asset)).StatusCode);
        // The old stack is gone with its last page.
        foreach (var asset in new[] { "/lib/htmx/htmx.min.js", "/lib/tabler/css/tabler.min.css", "/css/site.css" })
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(asset)).StatusCode);
    }
}
