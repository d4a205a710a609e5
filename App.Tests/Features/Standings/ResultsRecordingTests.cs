using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Features.YearlyData;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standings;

/// <summary>The stored results follow the yearly data: a saved field, a copied year, an import, a cleared year, a rebuild.</summary>
/// <remarks>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>), so all write the same year.</remarks>
public class ResultsRecordingTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    private int Township => app.Schools[Relation.Child];

    /// <summary>Saves one field as the form's event handler does; returns the field's new stamp (null when cleared).</summary>
    private async Task<Guid?> SaveAsync(int school, int year, string key, string value, Guid? stamp = null)
    {
        var outcome = await YearlyRequests.SaveAsync(app, AppRole.Supervisor, school, year, key, value, stamp);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.Select(e => e.Message)));
        return outcome.Value!.Stored?.Stamp;
    }

    /// <summary>The stored results once the background rescoring has answered every save so far.</summary>
    private async Task<List<SchoolResult>> ResultsAsync(int school, int year)
    {
        await app.WhenIdleAsync();
        return await app.QueryAsync(db => db.SchoolResults.AsNoTracking().Include(r => r.Items)
            .Where(r => r.SchoolId == school && r.Year == year).OrderBy(r => r.StandardId).ToListAsync());
    }

    private static ScoreResult Expected(string standard, Dictionary<string, IndicatorValue> values) =>
        ScoringEngine.Score(SeedLibrary.Get(standard), SeedLibrary.Value.Indicators, SchoolData.OfIndicators(values));

    [Fact]
    public async Task Saving_a_value_records_a_result_for_each_standard_of_the_school_s_level_as_the_engine_scores_it()
    {
        await SaveAsync(County, Year, "fulltimeTeachers", "8");

        var results = await ResultsAsync(County, Year);

        Assert.Equal(["optimized-development", "provincial-evaluation"], results.Select(r => r.StandardId));
        foreach (var result in results)
        {
            // With what the county's one township school rolls up to: 1 school, none 达标 nor funded separately that year.
            var expected = Expected(result.StandardId, new()
            {
                ["fulltimeTeachers"] = IndicatorValue.Of(8), ["countyTownshipSchools"] = IndicatorValue.Of(1),
                ["countyTownshipSchoolsSixHaves"] = IndicatorValue.Of(0), ["countyTownshipSchoolsFundedSeparately"] = IndicatorValue.Of(0),
            });
            Assert.Equal(expected.Total, result.Total);
            Assert.Equal(expected.Grade.Code, result.GradeCode);
            Assert.Equal(expected.Items.Count(), result.Items.Count);
            Assert.Equal(expected.Items.Count(i => i.Status == ItemStatus.Missing), result.ItemsMissing);
        }

        Assert.True(results[0].Total > 0);
    }

    [Fact]
    public async Task A_changed_value_changes_the_stored_total_in_place_and_replaces_the_items()
    {
        var stamp = await SaveAsync(County, Year, "fulltimeTeachers", "6");
        var before = await ResultsAsync(County, Year);

        await SaveAsync(County, Year, "fulltimeTeachers", "12", stamp);
        var after = await ResultsAsync(County, Year);

        var standard = "optimized-development";
        var old = before.Single(r => r.StandardId == standard);
        var now = after.Single(r => r.StandardId == standard);
        Assert.Equal(Expected(standard, new() { ["fulltimeTeachers"] = IndicatorValue.Of(6) }).Total, old.Total);
        Assert.Equal(Expected(standard, new() { ["fulltimeTeachers"] = IndicatorValue.Of(12) }).Total, now.Total);
        Assert.True(now.Total > old.Total);
        Assert.Equal(old.Id, now.Id);
        Assert.Equal(SeedLibrary.Get(standard).Items.Count(), now.Items.Count);
        Assert.DoesNotContain(now.Items, i => old.Items.Any(o => o.Id == i.Id));
        Assert.True(now.Items.Single(i => i.ItemCode == "C1").Met);
        Assert.False(old.Items.Single(i => i.ItemCode == "C1").Met);
    }

    [Fact]
    public async Task A_township_school_is_scored_by_its_own_standard_only()
    {
        await SaveAsync(Township, Year, "townshipSchoolEstablished", "true");

        var result = Assert.Single(await ResultsAsync(Township, Year));

        Assert.Equal("township-six-haves", result.StandardId);
        Assert.Equal(Expected("township-six-haves", new() { ["townshipSchoolEstablished"] = IndicatorValue.Of(true) }).Total, result.Total);
    }

    [Fact]
    public async Task Clearing_every_value_of_a_year_removes_its_results_nothing_entered_is_not_a_zero()
    {
        var teachers = await SaveAsync(County, Year, "fulltimeTeachers", "8");
        var beds = await SaveAsync(County, Year, "traineeBeds", "80");
        Assert.Equal(2, (await ResultsAsync(County, Year)).Count);

        await SaveAsync(County, Year, "fulltimeTeachers", "", teachers);
        Assert.Equal(2, (await ResultsAsync(County, Year)).Count);
        await SaveAsync(County, Year, "traineeBeds", "", beds);

        Assert.Empty(await ResultsAsync(County, Year));
        Assert.False(await app.QueryAsync(db => db.SchoolItemResults.AnyAsync(i => i.SchoolId == County && i.Year == Year)));
    }

    [Fact]
    public async Task A_year_copied_from_the_year_before_gets_its_results()
    {
        await SaveAsync(County, Year - 1, "fulltimeTeachers", "9");
        var copied = await app.AsAsync<YearlyDataService, int?>(SchoolTreeFactory.UserName(AppRole.Supervisor), $"/schools/{County}/data",
            (data, user) => data.CopyPreviousYearAsync(user, County, Year));

        Assert.NotNull(copied);
        var results = await ResultsAsync(County, Year);
        Assert.Equal(2, results.Count);
        Assert.Equal((await ResultsAsync(County, Year - 1)).Select(r => r.Total), results.Select(r => r.Total));
    }

    [Fact]
    public async Task An_import_queues_every_imported_school_year_in_its_transaction_and_their_results_follow()
    {
        int sibling = app.Schools[Relation.Sibling];
        var rows = new List<ImportRow>
        {
            new(4, sibling, Year, new Dictionary<string, IndicatorValue> { ["fulltimeTeachers"] = IndicatorValue.Of(11), ["hasIndependentCampus"] = IndicatorValue.Of(true) }),
            new(5, Township, Year, new Dictionary<string, IndicatorValue> { ["townshipParttimeTeachers"] = IndicatorValue.Of(7) }),
        };

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            await scope.ServiceProvider.GetRequiredService<IndicatorImportService>().ApplyAsync(db, rows, "importer", null, CancellationToken.None);
        }

        // Nothing acknowledged is lost: either the requests are still waiting or their results are stored.
        var acknowledged = await app.QueryAsync(async db =>
            await db.RescoreRequests.Where(r => r.Year == Year).Select(r => r.SchoolId).Distinct().CountAsync()
            + await db.SchoolResults.Where(r => r.Year == Year && r.StandardId != "optimized-development").Select(r => r.SchoolId).Distinct().CountAsync());
        Assert.True(acknowledged >= 2, $"{acknowledged} of 2 school-years queued or recorded");

        var county = await ResultsAsync(sibling, Year);
        Assert.Equal(2, county.Count);
        Assert.Equal(Expected("provincial-evaluation", new(rows[0].Values)).Total, county.Single(r => r.StandardId == "provincial-evaluation").Total);
        var township = Assert.Single(await ResultsAsync(Township, Year));
        Assert.Equal(Expected("township-six-haves", new(rows[1].Values)).Total, township.Total);
    }

    [Fact]
    public async Task A_rebuild_restores_every_result_and_drops_those_of_years_without_data()
    {
        await SaveAsync(County, Year, "fulltimeTeachers", "7");
        await SaveAsync(Township, Year, "townshipClassroomSeats", "40");
        var kept = (await ResultsAsync(County, Year)).Concat(await ResultsAsync(Township, Year)).ToDictionary(r => (r.SchoolId, r.StandardId), r => r.Total);
        await app.QueryAsync(async db =>
        {
            await db.SchoolResults.Where(r => r.Year == Year).ExecuteDeleteAsync();
            // A leftover with no data behind it: a rebuild removes it.
            db.SchoolResults.Add(new SchoolResult { SchoolId = County, StandardId = "optimized-development", Year = Year + 1, GradeCode = "x", GradeName = "x", Total = 50 });
            return await db.SaveChangesAsync();
        });

        await using var scope = app.Services.CreateAsyncScope();
        var counts = await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RebuildAsync();

        Assert.True(counts.Removed >= 1);
        Assert.Empty(await ResultsAsync(County, Year + 1));
        var rebuilt = (await ResultsAsync(County, Year)).Concat(await ResultsAsync(Township, Year)).ToDictionary(r => (r.SchoolId, r.StandardId), r => r.Total);
        Assert.Equal(3, rebuilt.Count);
        Assert.Equal(kept, rebuilt);
    }

    [Fact]
    public async Task Recorded_results_are_not_in_the_audit_trail_their_values_are()
    {
        await SaveAsync(County, Year, "papersPublished", "2");

        var subjects = await app.QueryAsync(db => db.AuditEntries.Where(e => e.SchoolId == County && e.SubjectKey.StartsWith($"{Year}/")).Select(e => e.Subject).Distinct().ToListAsync());

        Assert.Equal(["YearlyIndicatorValue"], subjects);
        Assert.NotEmpty(await ResultsAsync(County, Year));
    }
}
