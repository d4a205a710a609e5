using System.Net;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Features.Scoring;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.YearlyData;

/// <summary>
/// Indicators that contradict each other (a part above its whole) are refused on every path; a county's roll-ups of its
/// township schools are derived, shown read-only, never typed, and follow a township's new result.
/// </summary>
public class ConsistencyAndRollupTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private int Township => app.Schools[Relation.Child];

    /// <summary>The form's field save (the service, as the supervisor's circuit), with the stamp the form would hold; as a status and text.</summary>
    private async Task<HttpResponseMessage> SaveAsync(int school, int year, string key, string value)
    {
        var stamp = await app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.SchoolId == school && v.Year == year && v.IndicatorKey == key)
            .Select(v => (Guid?)v.ConcurrencyStamp).FirstOrDefaultAsync());
        return await SchoolAssessment.Tests.Features.Access.CommandResponses.Of(YearlyRequests.SaveAsync(app, AppRole.Supervisor, school, year, key, value, stamp));
    }

    [Fact]
    public async Task The_yearly_form_refuses_a_part_above_its_whole_naming_both_either_way()
    {
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, Year, "fulltimeTeachers", "10")).StatusCode);

        var refused = await SaveAsync(County, Year, "fulltimeTeachersMasterPlus", "40");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("研究生学历专职教师人数（40人）不能多于专职教师人数（10人）", await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, Year, "fulltimeTeachersMasterPlus", "6")).StatusCode);
        var lowered = await SaveAsync(County, Year, "fulltimeTeachers", "3");
        Assert.Equal(HttpStatusCode.BadRequest, lowered.StatusCode);
        Assert.Contains("不能多于专职教师人数（3人）", await lowered.Content.ReadAsStringAsync());
        Assert.Equal(10, await app.QueryAsync(db => db.YearlyIndicatorValues
            .Where(v => v.SchoolId == County && v.Year == Year && v.IndicatorKey == "fulltimeTeachers").Select(v => v.Number).SingleAsync()));
    }

    [Fact]
    public void The_import_refuses_a_row_whose_values_contradict_each_other()
    {
        var columns = IndicatorTemplate.Columns(SeedLibrary.Value.Indicators);
        var keys = columns.Select(c => c.Key!).ToList();
        var cells = new object?[columns.Count];
        cells[0] = County;
        cells[2] = Year;
        cells[keys.IndexOf("mainClassHours")] = 200m;
        cells[keys.IndexOf("leaderLectureHours")] = 260m;
        var workbook = XlsxWriter.ToBytes([new SheetSpec(IndicatorTemplate.SheetName, columns, [new SheetRow(cells)]) { Title = "模板", ShowKeys = true }]);

        var (rows, errors) = IndicatorImport.Check([.. XlsxReader.Read(new MemoryStream(workbook))], SeedLibrary.Value.Indicators, _ => true);

        Assert.Empty(rows);
        Assert.Contains(errors, e => e.Contains("领导干部讲课课时（260课时）不能多于主体班次总课时（200课时）"));
        Assert.DoesNotContain(columns, c => c.Key == "countyTownshipSchools");
    }

    [Fact]
    public async Task The_api_refuses_inconsistent_input_naming_both_keys()
    {
        var response = await app.CreateClient().PostAsync("/api/standards/optimized-development/score",
            new StringContent("""{ "indicators": { "countyTownshipSchools": 5, "countyTownshipSchoolsSixHaves": 9 } }""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("indicators.countyTownshipSchoolsSixHaves", body);
        Assert.Contains("indicators.countyTownshipSchools", body);
        Assert.Contains("不能多于", body);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task The_score_command_exits_2_on_inconsistent_input()
    {
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, """{ "indicators": { "fulltimeTeachers": 10, "fulltimeTeachersMasterPlus": 40 } }""");

        var outcome = await AppProcess.RunAsync("score", "--standard", "optimized-development", "--input", input);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Equal("", outcome.StandardOutput);
        Assert.Contains("indicators.fulltimeTeachersMasterPlus: 研究生学历专职教师人数（40人）不能多于专职教师人数（10人）", outcome.StandardError);
        Assert.Contains("indicators.fulltimeTeachers: ", outcome.StandardError);
    }

    [Fact]
    public void A_sum_of_parts_is_a_relation_too()
    {
        var data = new Dictionary<string, IndicatorValue>
        {
            ["famousTeachers"] = IndicatorValue.Of(9), ["fulltimeTeachers"] = IndicatorValue.Of(3), ["parttimeTeachers"] = IndicatorValue.Of(4),
        };

        var breach = Assert.Single(SchoolDataValidator.BrokenRelations(SeedLibrary.Value.Indicators, data));

        Assert.Equal("省、市级名师人数（9人）不能多于专职教师人数与兼职教师人数之和（7人）", breach.Message);
    }

    [Fact]
    public async Task A_derived_value_is_never_typed()
    {
        var response = await SaveAsync(County, Year, "countyTownshipSchools", "12");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("由下级党校结果汇总，不能填报", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_county_s_six_haves_rate_follows_its_township_s_new_result()
    {
        const int year = Year;
        // The township school meets the six haves; the county has entered something that year.
        var full = GateTests.Full(SeedLibrary.Get("township-six-haves")).Indicators;
        await app.QueryAsync(async db =>
        {
            foreach (var (key, value) in full)
            {
                db.YearlyIndicatorValues.Add(new YearlyIndicatorValue
                {
                    SchoolId = Township, Year = year, IndicatorKey = key, Number = value.Number, Flag = value.Flag,
                    UpdatedAtUtc = DateTime.UtcNow, UpdatedBy = "test",
                });
            }

            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, year, "fulltimeTeachers", "10")).StatusCode);
        // The values written above went past the queue: record the township's result here, once the worker (the one
        // writer of results) is idle, then let the county follow it as a save would.
        await app.WhenIdleAsync();
        using (var scope = app.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RecordAsync(Township, year);
        await app.WhenIdleAsync();

        Assert.True(await PassedAsync(Township, year));
        Assert.Equal((1, 1, 1), await DerivedAsync(year));
        Assert.Equal(0, await LostAsync("H1", year));

        // The township loses its funding: it is 未达标, and the county's rate and H1 follow at once.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(Township, year, "townshipFundsSeparateLine", "false")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(Township, year, "townshipAnnualFunds", "0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(Township, year, "townshipFundsEarmarked", "false")).StatusCode);
        await app.WhenIdleAsync();

        Assert.False(await PassedAsync(Township, year));
        Assert.Equal((1, 0, 0), await DerivedAsync(year));
        Assert.Equal(2, await LostAsync("H1", year));

        // The county's form shows the derived values read-only, marked as rolled up.
        var client = await app.ClientForAsync(AppRole.Supervisor);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/schools/{County}/data?year={year}&field=countyTownshipSchools"));
        var field = page.QuerySelector("[data-indicator='countyTownshipSchools'][data-derived]")!;
        Assert.Equal("1", field.QuerySelector("input")!.GetAttribute("value"));
        Assert.NotNull(field.QuerySelector("input")!.GetAttribute("readonly"));
        Assert.Contains("由下级党校结果汇总", field.TextContent);
    }

    private Task<bool> PassedAsync(int school, int year) =>
        app.QueryAsync(db => db.SchoolResults.Where(r => r.SchoolId == school && r.Year == year && r.StandardId == "township-six-haves")
            .Select(r => r.Passed).SingleAsync());

    private Task<decimal> LostAsync(string item, int year) =>
        app.QueryAsync(db => db.SchoolItemResults.Where(i => i.SchoolId == County && i.Year == year && i.StandardId == "optimized-development" && i.ItemCode == item)
            .Select(i => i.Lost).SingleAsync());

    private async Task<(decimal? All, decimal? Passing, decimal? Funded)> DerivedAsync(int year)
    {
        using var scope = app.Services.CreateScope();
        var values = await scope.ServiceProvider.GetRequiredService<YearlyDataService>().LoadAsync(County, year);
        decimal? Of(string key) => values.TryGetValue(key, out var v) ? v.Value.Number : null;
        return (Of("countyTownshipSchools"), Of("countyTownshipSchoolsSixHaves"), Of("countyTownshipSchoolsFundedSeparately"));
    }
}
