using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Tests.Support;

/// <summary>
/// The real app in-process, on a database of its own (SQLite, or PostgreSQL when the run asks: <see cref="TestDatabase"/>),
/// a copy of a migrated template, started like a fresh install.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("school-assessment-").FullName;
    private FreshDatabase? _database;

    public AppFactory()
    {
        // Cookies are Secure: the in-process client speaks https, as a deployed browser would.
        ClientOptions.BaseAddress = new Uri("https://localhost");
    }

    /// <summary>The SQLite file (on a SQLite run; tests that open it directly are marked <c>Needs=Sqlite</c>).</summary>
    public string DatabasePath => Path.Combine(_folder, "app.db");

    public string EvidenceDirectory => Path.Combine(_folder, "evidence");

    public const string AdministratorPassword = "Keeper2026pass";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        _database ??= TestDatabase.Create(_folder);
        builder.UseSetting("Database:Provider", _database.Engine.ToString());
        builder.UseSetting("ConnectionStrings:Default", _database.ConnectionString);
        builder.UseSetting("Admin:InitialPassword", AdministratorPassword);
        builder.UseSetting("Evidence:Directory", Path.Combine(_folder, "evidence"));
        // Production shows no demo unless asked: the tests that use the demo accounts ask, the others switch it off.
        builder.UseSetting("Demo:Enabled", "true");
        // Tests print when they mean to: no browser launched behind their back at start.
        builder.UseSetting("Pdf:WarmAtStart", "false");
        Configure(builder);
    }

    /// <summary>Settings of a derived factory, applied after the common ones.</summary>
    protected virtual void Configure(IWebHostBuilder builder)
    {
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) _database?.Dispose();
        if (disposing && Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// Gives the calling test the database as the fixture seeded it, so that tests need not choose a year no other test
    /// uses: the first call keeps a copy of the database as it is (call it in each test's <c>InitializeAsync</c>), each
    /// later call puts back the tables written since (<see cref="SqliteSnapshot"/>, <see cref="PostgresSnapshot"/>).
    /// What makes it safe while the app runs on:
    /// <list type="bullet">
    /// <item>it first waits for running imports to end and the background rescoring to go idle, so no write of the
    /// previous test lands in the restored database, and the copy holds no waiting rescore request;</item>
    /// <item>the app's own state in the database is not restored (<see cref="SnapshotScope.Kept"/>): the leases, which this
    /// app's worker also holds in memory, and the data-protection key ring, which the app caches and protects every
    /// cookie and antiforgery token with;</item>
    /// <item>accounts and their security stamps come back as copied: a client signed in before the copy stays signed
    /// in, even when a test changed its account's stamp (unless it then made a request: a refused cookie is deleted from
    /// the client). One signed in after the copy carries whatever stamp its test left, so <see cref="SchoolTreeFactory"/>
    /// signs every role in before the copy;</item>
    /// <item>what the app keeps parsed from the database (the pinned standards, by version id) is forgotten, since ids
    /// start again where the copy left them and one may come back with other text. Nothing else is cached from it: no
    /// IMemoryCache, Identity reads the store on each check, the rescore queue is its table, and live-update
    /// subscriptions hold filters on ids, not data (a page still open would read the restored rows).</item>
    /// </list>
    /// Evidence files of earlier tests stay on disk (they are stored by content hash; a restored row finds its own).
    /// </summary>
    public async Task ResetDatabaseAsync()
    {
        _ = Server; // the app and its database exist before either is copied
        await Services.GetRequiredService<ImportJobs>().WhenAllEndedAsync();
        await WhenIdleAsync();
        if (!Database.HasSnapshot)
        {
            await BeforeSnapshotAsync();
            await WhenIdleAsync();
            Database.Snapshot();
            return;
        }

        Database.Restore();
        Services.GetRequiredService<PinnedStandards>().Forget();
    }

    /// <summary>What a derived fixture puts in before the first copy (its tree, its signed-in clients).</summary>
    protected virtual Task BeforeSnapshotAsync() => Task.CompletedTask;

    private FreshDatabase Database => _database ?? throw new InvalidOperationException("The app has not started: no database yet.");

    /// <summary>Reads the app's database directly, to check what a request really stored.</summary>
    public async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>
    /// Waits until the background rescoring has answered every save so far: a test reading stored results (or a page
    /// showing them) after a save calls this first, as a user would wait for "计算中" to go.
    /// </summary>
    public Task WhenIdleAsync() => Services.GetRequiredService<SchoolAssessment.Features.Standings.RescoreQueue>().WhenIdleAsync();

    /// <summary>A client over https that does not follow redirects, so a refusal or a sign-in shows as it is.</summary>
    public HttpClient NewClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    /// <summary>Opens a page with a form as a browser would and returns a client carrying its antiforgery cookie and token header.</summary>
    public async Task<HttpClient> ClientWithAntiforgeryAsync(string page = "/account/login")
    {
        var client = CreateClient();
        var html = await client.GetStringAsync(page);
        var token = new HtmlParser().ParseDocument(html).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"no antiforgery token on {page}");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", token);
        return client;
    }
}
