using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Access;

/// <summary>Inputs an outside probe sent that answered wrongly or with a 500: each now gets a clear answer.</summary>
public class BadInputTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("2,5")]
    [InlineData("1,,0,0")]
    public async Task A_number_with_a_comma_is_refused_in_the_yearly_data_form_and_nothing_is_stored(string typed)
    {
        var school = app.Schools[Relation.Own];

        var outcome = await SchoolAssessment.Tests.Features.YearlyData.YearlyRequests.SaveAsync(app, AppRole.SchoolLeader, school, Year, "fulltimeTeachers", typed);

        Assert.Equal(OutcomeKind.Invalid, outcome.Kind);
        Assert.Contains("千位分隔符", outcome.Errors.Single().Message);
        Assert.False(await app.QueryAsync(db => db.YearlyIndicatorValues.AnyAsync(v => v.SchoolId == school && v.Year == Year)));
    }

    [Fact]
    public void An_import_cell_with_a_comma_is_refused_with_the_same_reason()
    {
        var catalog = SeedLibrary.Value.Indicators;
        var indicator = catalog["fulltimeTeachers"];

        var (value, error) = IndicatorImport.Parse(indicator, "1,5");

        Assert.Null(value);
        Assert.Equal(NumberText.Refusal("1,5"), error);
    }

    // A score typed with a comma ("2,5") is refused naming the field in the interactive card: ItemScoringTests.

    [Fact]
    public async Task A_body_over_the_limit_gets_413_with_a_message_not_a_500()
    {
        await app.EnsureSeededAsync();
        var client = app.NewClient();
        using var body = new ByteArrayContent(new byte[31 * 1000 * 1000]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/api/standards/optimized-development/score", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("上传内容过大", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_413_with_a_message()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var token = await SchoolTreeFactory.TokenAsync(leader, "/schools");
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[31 * 1000 * 1000]), "file", "huge.pdf" },
            { new StringContent(token), "__RequestVerificationToken" },
        };

        // Any body: the limit holds before a route is chosen (uploads now go through the circuit, the API and the score API take bodies).
        var response = await leader.PostAsync("/api/standards/optimized-development/score", form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("上传内容过大", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/account/login?ReturnUrl=/schools/%E4%B8%AD%E6%96%87")]
    [InlineData("/account/login?ReturnUrl=%0d%0aSet-Cookie:x")]
    [InlineData("/account/login?ReturnUrl=%ZZ")]
    public async Task A_strange_return_url_after_sign_in_goes_home_never_500(string url)
    {
        await app.EnsureSeededAsync();
        var client = app.NewClient();
        var token = await SchoolTreeFactory.TokenAsync(client, "/account/login");

        var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = SchoolTreeFactory.UserName(AppRole.Evaluator), ["Input.Password"] = SchoolTreeFactory.Password,
        }));

        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/", response.Headers.Location!.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }
}
