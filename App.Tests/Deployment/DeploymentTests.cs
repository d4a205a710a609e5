using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Deployment;

/// <summary>SQLite tuned on every connection; readiness with its details for an administrator only; keys in the database.</summary>
public class DeploymentTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    public Task InitializeAsync() => app.EnsureSeededAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_connection_is_in_WAL_with_a_busy_timeout_a_64_MB_cache_and_mmap()
    {
        var pragmas = await app.QueryAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            var values = new List<string>();
            foreach (var pragma in new[] { "journal_mode", "busy_timeout", "cache_size", "mmap_size", "synchronous" })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA {pragma}";
                values.Add($"{pragma}={await command.ExecuteScalarAsync()}");
            }

            return values;
        });

        Assert.Equal(["journal_mode=wal", "busy_timeout=5000", "cache_size=-65536", "mmap_size=268435456", "synchronous=1"], pragmas);
    }

    [Fact]
    public async Task Readiness_tells_anyone_the_status_and_an_administrator_the_queue_depth_and_chromium()
    {
        var anonymous = await app.NewClient().GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var bare = JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement;
        Assert.False(bare.TryGetProperty("checks", out _));
        Assert.Contains(bare.GetProperty("status").GetString(), new[] { "Healthy", "Degraded" });

        var admin = await app.ClientForAsync(AppRole.Administrator);
        var report = JsonDocument.Parse(await admin.GetStringAsync("/healthz/ready")).RootElement.GetProperty("checks");
        Assert.Equal("Healthy", report.GetProperty("database").GetProperty("status").GetString());
        Assert.True(report.GetProperty("rescore-queue").GetProperty("data").GetProperty("depth").GetInt32() >= 0);
        Assert.Equal(File.Exists("/usr/bin/chromium") ? "Healthy" : "Degraded", report.GetProperty("chromium").GetProperty("status").GetString());

        // The liveness probe stays the cheap one: the database only.
        Assert.Equal(HttpStatusCode.OK, (await app.NewClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task The_data_protection_keys_are_kept_in_the_database()
    {
        await app.ClientForAsync(AppRole.Supervisor);

        Assert.True(await app.QueryAsync(db => db.DataProtectionKeys.AnyAsync()));
    }
}

/// <summary>Two instances on one database: a cookie and an antiforgery token issued by one are honoured by the other.</summary>
public class TwoInstancesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("two-instances-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class Instance(string path) : SchoolTreeFactory
    {
        protected override void Configure(IWebHostBuilder builder)
        {
            base.Configure(builder);
            builder.UseSetting("ConnectionStrings:Default", $"Data Source={path};Pooling=False");
        }
    }

    [Fact]
    public async Task A_browser_signed_in_on_one_instance_reads_and_saves_on_the_other()
    {
        var path = Path.Combine(_folder, "app.db");
        await using var a = new Instance(path);
        await a.EnsureSeededAsync();
        await using var b = new Instance(path);
        _ = b.Server;

        var cookies = new CookieContainer();
        var onA = a.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
        var onB = b.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(onA, SchoolTreeFactory.UserName(AppRole.Supervisor), SchoolTreeFactory.Password)).StatusCode);
        var token = await SchoolTreeFactory.TokenAsync(onA, "/account/password");

        // B reads A's cookie, and accepts A's antiforgery token on a write: both are protected by the keys in the database.
        var county = a.Schools[Relation.Own];
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/schools/{county}")).StatusCode);
        var changed = await onB.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password", ["__RequestVerificationToken"] = token,
            ["Input.Current"] = SchoolTreeFactory.Password, ["Input.New"] = "Across2026both", ["Input.Confirm"] = "Across2026both",
        }));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.EndsWith("/schools?password=changed", changed.Headers.Location!.OriginalString);
        var again = a.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(new CookieContainer()));
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(again, SchoolTreeFactory.UserName(AppRole.Supervisor), "Across2026both")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/schools/{county}")).StatusCode);
    }
}
