using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Shared;
using SchoolAssessment.Tests.Features.Access;
using SchoolAssessment.Tests.Features.YearlyData;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standings;

/// <summary>A save answers at once; the stored results follow from the background queue, once per burst, even across a crash.</summary>
public class BackgroundRescoringTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    /// <summary>Each test starts from the tree as seeded (<see cref="AppFactory.ResetDatabaseAsync"/>): all write the same year.</summary>
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync()
    {
        Queue.BeforeRescoring = null;
        return Task.CompletedTask;
    }

    private int County => app.Schools[Relation.Own];

    private int Sibling => app.Schools[Relation.Sibling];

    private RescoreQueue Queue => app.Services.GetRequiredService<RescoreQueue>();

    private Task<HttpResponseMessage> SaveAsync(int school, int year, string key, string value) => SaveAsync(app, school, year, key, value);

    /// <summary>Saves one field as the form's event handler does, its outcome read as the status an HTTP save would answer.</summary>
    internal static Task<HttpResponseMessage> SaveAsync(SchoolTreeFactory factory, int school, int year, string key, string value) =>
        CommandResponses.Of(YearlyRequests.SaveAsync(factory, AppRole.Supervisor, school, year, key, value));

    private Task<int> ResultCountAsync(int school, int year) =>
        app.QueryAsync(db => db.SchoolResults.CountAsync(r => r.SchoolId == school && r.Year == year));

    [Fact]
    public async Task A_save_answers_before_its_rescoring_and_the_result_arrives_with_a_live_update()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.BeforeRescoring = async (_, token) =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(token);
        };
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Services.GetRequiredService<LiveUpdates>()
            .Subscribe<SchoolResultsChanged>(c => c.SchoolId == County && c.Year == Year, _ => { arrived.TrySetResult(); return Task.CompletedTask; });

        var response = await SaveAsync(County, Year, "fulltimeTeachers", "8");

        // Answered while the worker is held: the value is stored, the result is not yet, and the page can say so.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await held.Task;
        Assert.Equal(1, await app.QueryAsync(db => db.YearlyIndicatorValues.CountAsync(v => v.SchoolId == County && v.Year == Year)));
        Assert.Equal(0, await ResultCountAsync(County, Year));
        Assert.True(await Queue.IsPendingAsync(County, Year));
        Assert.False(arrived.Task.IsCompleted);

        release.SetResult();
        await arrived.Task;
        Assert.Equal(2, await ResultCountAsync(County, Year));
        Assert.False(await Queue.IsPendingAsync(County, Year));
        Assert.Equal(0, await app.QueryAsync(db => db.RescoreRequests.CountAsync()));
    }

    [Fact]
    public async Task A_township_school_s_pending_change_shows_as_pending_on_its_county_too()
    {
        var township = app.Schools[Relation.Child];
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.BeforeRescoring = async (_, token) =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(token);
        };
        var countyUpdated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = app.Services.GetRequiredService<LiveUpdates>()
            .Subscribe<SchoolResultsChanged>(c => c.SchoolId == County && c.Year == Year, _ => { countyUpdated.TrySetResult(); return Task.CompletedTask; });

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, Year, "fulltimeTeachers", "8")).StatusCode);
        await held.Task;
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(township, Year, "townshipFundsSeparateLine", "true")).StatusCode);
        release.SetResult();
        await countyUpdated.Task;
        Queue.BeforeRescoring = null;
        await app.WhenIdleAsync();

        // The township's request alone still marks the county (its derived values wait on it), and the county is rescored after it.
        await app.QueryAsync(async db =>
        {
            db.RescoreRequests.Add(new RescoreRequest { SchoolId = township, Year = Year + 1 });
            return await db.SaveChangesAsync();
        });
        Assert.True(await Queue.IsPendingAsync(County, Year + 1));
        Assert.False(await Queue.IsPendingAsync(Sibling, Year + 1));
        await app.WhenIdleAsync();
        Assert.False(await Queue.IsPendingAsync(County, Year + 1));
    }

    [Fact]
    public async Task Many_saves_of_one_school_year_waiting_together_are_rescored_once_with_the_last_value()
    {
        var batches = new List<IReadOnlyCollection<(int SchoolId, int Year)>>();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.BeforeRescoring = async (pairs, token) =>
        {
            lock (batches) batches.Add(pairs.ToList());
            held.TrySetResult();
            await release.Task.WaitAsync(token);
        };

        // The worker is held on another school's save (the township's, of another year) while five saves of the county's year wait behind it.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(app.Schools[Relation.Child], Year + 1, "townshipFundsSeparateLine", "true")).StatusCode);
        await held.Task;
        foreach (var key in new[] { "fulltimeTeachers", "traineeBeds", "diningSeats", "lectureHallSeats", "multimediaClassrooms" })
            Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, Year, key, "12")).StatusCode);

        Assert.Equal(5, await app.QueryAsync(db => db.RescoreRequests.CountAsync(r => r.SchoolId == County && r.Year == Year)));
        release.SetResult();
        await app.WhenIdleAsync();

        Assert.Single(batches, b => b.Contains((County, Year)));
        Assert.Equal(2, await ResultCountAsync(County, Year));
        var stored = await app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.SchoolId == County && v.Year == Year).ToListAsync());
        var recorded = await app.QueryAsync(db => db.SchoolResults.Where(r => r.SchoolId == County && r.Year == Year).Select(r => r.ComputedAtUtc).ToListAsync());
        Assert.All(recorded, at => Assert.True(at >= stored.Max(v => v.UpdatedAtUtc)));
    }

    [Fact]
    public async Task Saves_during_a_rescoring_are_answered_by_the_next_one()
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.BeforeRescoring = async (_, token) =>
        {
            held.TrySetResult();
            await release.Task.WaitAsync(token);
        };
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, Year, "fulltimeTeachers", "5")).StatusCode);
        await held.Task;
        // The batch already read holds the old request; this save's request is newer and must not be swept away with it.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(County, Year, "traineeBeds", "40")).StatusCode);
        Queue.BeforeRescoring = null;
        release.SetResult();
        await app.WhenIdleAsync();

        Assert.Equal(0, await app.QueryAsync(db => db.RescoreRequests.CountAsync()));
        var computed = await app.QueryAsync(db => db.SchoolResults.Where(r => r.SchoolId == County && r.Year == Year).Select(r => r.ComputedAtUtc).ToListAsync());
        var saved = await app.QueryAsync(db => db.YearlyIndicatorValues.Where(v => v.SchoolId == County && v.Year == Year).MaxAsync(v => v.UpdatedAtUtc));
        Assert.All(computed, at => Assert.True(at >= saved));
    }
}

/// <summary>Requests a stopped instance left behind are answered by the next one to start on the same database.</summary>
[Trait("Needs", "Sqlite")] // two instances on one database file of its own
public class RescoringAfterACrashTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rescore-crash-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>An instance on a database file of the test's choosing.</summary>
    internal sealed class SharedFileFactory(string path) : SchoolTreeFactory
    {
        protected override void Configure(IWebHostBuilder builder)
        {
            base.Configure(builder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={path};Pooling=False");
        }
    }

    [Fact]
    public async Task Requests_left_by_an_instance_that_stopped_mid_rescoring_are_processed_by_the_next_start()
    {
        var path = Path.Combine(_folder, "app.db");
        int county;
        await using (var first = new SharedFileFactory(path))
        {
            await first.EnsureSeededAsync();
            county = first.Schools[Relation.Own];
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Never released: the instance goes down with the batch in hand.
            first.Services.GetRequiredService<RescoreQueue>().BeforeRescoring = async (_, token) =>
            {
                held.TrySetResult();
                await Task.Delay(Timeout.Infinite, token);
            };
            Assert.Equal(HttpStatusCode.OK, (await BackgroundRescoringTests.SaveAsync(first, county, 2081, "fulltimeTeachers", "9")).StatusCode);
            await held.Task;
        }

        await using (var file = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await file.OpenAsync();
            await using var command = file.CreateCommand();
            command.CommandText = "SELECT (SELECT COUNT(*) FROM RescoreRequests) * 10 + (SELECT COUNT(*) FROM SchoolResults WHERE Year = 2081)";
            Assert.Equal(10L, await command.ExecuteScalarAsync()); // one request left, no result
        }

        await using var second = new SharedFileFactory(path);
        _ = second.Server;
        await second.WhenIdleAsync();
        Assert.Equal(2, await second.QueryAsync(db => db.SchoolResults.CountAsync(r => r.SchoolId == county && r.Year == 2081)));
        Assert.Equal(0, await second.QueryAsync(db => db.RescoreRequests.CountAsync()));
    }
}
