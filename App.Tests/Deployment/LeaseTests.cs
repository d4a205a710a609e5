using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Hosting;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Deployment;

/// <summary>One holder at a time: two instances racing for the background lease, renewal, expiry after a crash, release.</summary>
public class LeaseTests(AppFactory app) : IClassFixture<AppFactory>
{
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private LeaseStore Store(TimeProvider clock) => new(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), clock);

    [Fact]
    public async Task Two_holders_get_the_lease_one_at_a_time_and_the_second_takes_over_when_the_first_stops_renewing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = Store(clock);
        var ttl = TimeSpan.FromSeconds(30);
        const string name = "test-two-holders";

        Assert.True(await store.TryAcquireAsync(name, "a", ttl));
        Assert.False(await store.TryAcquireAsync(name, "b", ttl));
        Assert.Equal("a", await store.HolderAsync(name));

        // A renews before expiry: B still waits, past A's first term.
        clock.Now += TimeSpan.FromSeconds(20);
        Assert.True(await store.TryAcquireAsync(name, "a", ttl));
        clock.Now += TimeSpan.FromSeconds(20);
        Assert.False(await store.TryAcquireAsync(name, "b", ttl));

        // A stops renewing (a crash): once its term has run out, B has it, and A no longer does.
        clock.Now += TimeSpan.FromSeconds(11);
        Assert.Null(await store.HolderAsync(name));
        Assert.True(await store.TryAcquireAsync(name, "b", ttl));
        Assert.False(await store.TryAcquireAsync(name, "a", ttl));

        // A clean stop gives it back at once.
        await store.ReleaseAsync(name, "b");
        Assert.True(await store.TryAcquireAsync(name, "a", ttl));
    }

    [Fact]
    public async Task Holders_racing_for_a_new_lease_get_exactly_one_winner()
    {
        var store = Store(TimeProvider.System);
        const string name = "test-race";

        var won = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryAcquireAsync(name, $"h{i}", TimeSpan.FromMinutes(1)))));

        Assert.Single(won, w => w);
        Assert.Equal($"h{Array.IndexOf(won, true)}", await store.HolderAsync(name));
    }

    [Fact]
    public async Task The_running_app_holds_the_background_lease_and_gave_back_the_start_up_one()
    {
        _ = app.Server;
        var store = app.Services.GetRequiredService<LeaseStore>();
        await app.Services.GetRequiredService<SchoolAssessment.Features.Standings.RescoreQueue>().FirstRound;

        Assert.Equal(app.Services.GetRequiredService<InstanceIdentity>().Name, await store.HolderAsync(LeaseStore.Background));
        Assert.Null(await store.HolderAsync(LeaseStore.Startup));
    }
}
