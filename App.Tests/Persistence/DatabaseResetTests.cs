using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Persistence;
using SchoolAssessment.Hosting;
using SchoolAssessment.Tests.Features.YearlyData;
using SchoolAssessment.Tests.Support;
using Xunit.Abstractions;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// The fixture's reset between tests (<see cref="AppFactory.ResetDatabaseAsync"/>), on the engine of the run: what a test
/// wrote is gone, what the app holds in memory still agrees with the database, signed-in clients stay signed in.
/// </summary>
public class DatabaseResetTests(SchoolTreeFactory app, ITestOutputHelper output) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private const int Year = 2025;

    public Task InitializeAsync() => app.ResetDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private int County => app.Schools[Relation.Own];

    [Fact]
    public async Task A_write_and_the_rescoring_it_caused_are_gone_after_the_reset_and_ids_start_again_where_they_were()
    {
        var firstRound = await app.QueryAsync(db => db.EvaluationRounds.MaxAsync(r => r.Id));
        var saved = await YearlyRequests.SaveAsync(app, AppRole.Supervisor, County, Year, "fulltimeTeachers", "8");
        Assert.True(saved.Succeeded);
        await AddRoundAsync();
        // No wait for the rescoring here: the reset waits for it, so its results cannot land in the restored database.
        await app.ResetDatabaseAsync();

        await app.WhenIdleAsync();
        Assert.False(await app.QueryAsync(db => db.YearlyIndicatorValues.AnyAsync(v => v.Year == Year)));
        Assert.False(await app.QueryAsync(db => db.SchoolResults.AnyAsync(r => r.Year == Year)));
        Assert.False(await app.QueryAsync(db => db.RescoreRequests.AnyAsync()));
        Assert.Equal(firstRound + 1, await AddRoundAsync());
    }

    [Fact]
    public async Task A_client_signed_in_before_the_copy_stays_signed_in_when_its_test_changed_the_account_s_stamp()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor); // signed in before the copy (SchoolTreeFactory)
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/schools")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByNameAsync(SchoolTreeFactory.UserName(AppRole.Supervisor)))!);
        }

        // No request in between: a refused cookie is also deleted from the client, which no restore brings back.
        await app.ResetDatabaseAsync();

        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/schools")).StatusCode);
    }

    [Fact]
    public async Task A_form_token_issued_before_a_restore_is_still_accepted_with_the_key_ring_as_restored()
    {
        var keys = await app.QueryAsync(db => db.DataProtectionKeys.CountAsync());
        var supervisor = app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(supervisor, SchoolTreeFactory.UserName(AppRole.Supervisor), SchoolTreeFactory.Password)).StatusCode);
        var token = await SchoolTreeFactory.TokenAsync(supervisor, "/schools");

        await app.ResetDatabaseAsync();

        Assert.True(keys > 0);
        Assert.Equal(keys, await app.QueryAsync(db => db.DataProtectionKeys.CountAsync()));
        // Signed in after the copy, with the stamp the copy has: still signed in, and its token (antiforgery) accepted.
        Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync("/schools")).StatusCode);
        var signedOut = await supervisor.PostAsync("/account/logout",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
    }

    [Fact]
    public async Task The_background_lease_the_worker_holds_is_left_as_it_is_by_the_restore()
    {
        await app.WhenIdleAsync();
        var before = await app.QueryAsync(db => db.DatabaseLeases.AsNoTracking().SingleAsync(l => l.Name == LeaseStore.Background));
        Assert.Equal(app.Services.GetRequiredService<InstanceIdentity>().Name, before.Holder);

        await app.ResetDatabaseAsync();

        var after = await app.QueryAsync(db => db.DatabaseLeases.AsNoTracking().SingleAsync(l => l.Name == LeaseStore.Background));
        Assert.Equal(before.Holder, after.Holder);
        Assert.True(after.ExpiresAtUtc >= before.ExpiresAtUtc);
    }

    [Fact]
    public async Task A_standard_version_id_that_comes_back_with_other_text_is_parsed_anew()
    {
        var pinned = app.Services.GetRequiredService<PinnedStandards>();
        var first = await AddVersionAsync("2098.1");
        Assert.Equal("2098.1", (await pinned.GetAsync(first)).Version);

        await app.ResetDatabaseAsync();
        var second = await AddVersionAsync("2099.1");

        Assert.Equal(first, second);
        Assert.Equal("2099.1", (await pinned.GetAsync(second)).Version);
    }

    [Fact]
    public async Task A_reset_after_a_save_and_its_rescoring_costs_little()
    {
        const int Resets = 20;
        var elapsed = TimeSpan.Zero;
        var saving = TimeSpan.Zero;
        for (var i = 0; i < Resets; i++)
        {
            // What a typical test leaves: a value, its rescore request answered, its results stored, audited.
            var start = Stopwatch.GetTimestamp();
            Assert.True((await YearlyRequests.SaveAsync(app, AppRole.Supervisor, County, Year, "fulltimeTeachers", $"{8 + i}")).Succeeded);
            await app.WhenIdleAsync();
            saving += Stopwatch.GetElapsedTime(start);
            start = Stopwatch.GetTimestamp();
            await app.ResetDatabaseAsync();
            elapsed += Stopwatch.GetElapsedTime(start);
        }

        var perReset = elapsed.TotalMilliseconds / Resets;
        // The floor, measured in the same loop: the save and its rescoring that the reset undoes.
        output.WriteLine($"{TestDatabase.Engine}: {perReset:F1} ms per reset after a save; the save and its rescoring {saving.TotalMilliseconds / Resets:F1} ms ({Resets} of each)");
        Assert.False(await app.QueryAsync(db => db.YearlyIndicatorValues.AnyAsync(v => v.Year == Year)));
        Assert.False(await app.QueryAsync(db => db.SchoolResults.AnyAsync(r => r.Year == Year)));
        // Generous for a loaded machine; measured figures are in the README.
        Assert.InRange(perReset, 0, 2000);
    }

    private async Task<int> AddRoundAsync() => await app.QueryAsync(async db =>
    {
        var round = new SchoolAssessment.Features.Rounds.EvaluationRound
        {
            Name = "复位轮次", StandardId = "optimized-development", Year = Year, OwnerSchoolId = app.RootId,
            StartsOn = new DateOnly(Year, 3, 1), EndsOn = new DateOnly(Year, 12, 31),
        };
        db.EvaluationRounds.Add(round);
        await db.SaveChangesAsync();
        return round.Id;
    });

    private Task<int> AddVersionAsync(string version) => app.QueryAsync(async db =>
    {
        var current = await db.StandardVersions.AsNoTracking().FirstAsync(v => v.StandardId == "provincial-evaluation");
        var added = new StandardVersion
        {
            StandardId = current.StandardId, Name = current.Name, Version = version, ContentHash = new string('e', 64),
            Content = current.Content.Replace("version: \"2024.1\"", $"version: \"{version}\""), LoadedAtUtc = DateTime.UtcNow,
        };
        db.StandardVersions.Add(added);
        await db.SaveChangesAsync();
        return added.Id;
    });
}
