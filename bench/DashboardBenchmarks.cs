using System.Net;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Bench;

/// <summary>
/// The supervisor's dashboard at the province's scale, township view (the default: the standard that covers most of the
/// subtree), on a demo tree of 2,000 and of 20,000 schools generated in the setup. Three figures in one run:
/// <list type="bullet">
/// <item><see cref="FirstRender"/>: GET /dashboard over HTTP, the whole prerendered page (every query and its HTML);</item>
/// <item><see cref="DataQuery"/>: the page's data alone (<see cref="SupervisorDashboardService.LoadAsync"/>);</item>
/// <item><see cref="Floor"/>: bare Kestrel in the same process answering the same bytes, the floor the page is measured against.</item>
/// </list>
/// The requests carry the generated supervisor as their user (a middleware sets it, as the sign-in cookie would).
/// </summary>
[MemoryDiagnoser]
public class DashboardBenchmarks
{
    private const int AppPort = 5137;
    private const int FloorPort = 5138;

    private WebApplication _app = default!;
    private WebApplication _floor = default!;
    private HttpClient _client = default!;
    private ClaimsPrincipal _supervisor = default!;
    private string _folder = "";

    [Params(2_000, 20_000)]
    public int Schools { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("sa-dashboard-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.Combine(BenchApp.Repository, "App"), EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_folder, "bench.db")}";
        builder.Configuration["Demo:Enabled"] = "false";
        builder.Configuration["Admin:InitialPassword"] = "Bench2026pass";
        builder.Configuration["Pdf:WarmAtStart"] = "false";
        builder.WebHost.UseUrls($"http://127.0.0.1:{AppPort}");
        builder.AddApplicationServices();
        _app = builder.Build();
        _app.PrepareDatabaseAsync().GetAwaiter().GetResult();

        using (var scope = _app.Services.CreateScope())
        {
            var outcome = scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoOptions(Schools, 3)).GetAwaiter().GetResult();
            Console.WriteLine($"// {Schools} schools generated in {outcome.Elapsed.TotalSeconds:0.0} s");
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = users.FindByNameAsync(DemoGenerator.SupervisorUserName).GetAwaiter().GetResult()!;
            _supervisor = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user).GetAwaiter().GetResult();
        }

        // As the sign-in cookie would: the request's user is the generated supervisor (authentication keeps it, finding no cookie).
        _app.Use((context, next) =>
        {
            context.User = _supervisor;
            return next(context);
        });
        _app.UseApplicationPipeline();
        _app.StartAsync().GetAwaiter().GetResult();
        _client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });

        var page = FirstRender().GetAwaiter().GetResult();
        var picture = DataQuery().GetAwaiter().GetResult();
        Console.WriteLine($"// township view: {picture.Standard.Name}, {picture.Schools} schools in view; the page is {page.Length / 1024} KB");

        var floor = WebApplication.CreateBuilder();
        floor.Logging.ClearProviders();
        floor.WebHost.UseUrls($"http://127.0.0.1:{FloorPort}");
        _floor = floor.Build();
        _floor.MapGet("/", () => Results.Bytes(page, "text/html; charset=utf-8"));
        _floor.StartAsync().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _floor.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>GET /dashboard: what a supervisor's browser waits for before the page shows (prerendered HTML).</summary>
    [Benchmark]
    public async Task<byte[]> FirstRender()
    {
        using var response = await _client.GetAsync($"http://127.0.0.1:{AppPort}/dashboard");
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /dashboard: {(int)response.StatusCode}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>The page's data: the kept figures, the first page of the ranking, the assessment states.</summary>
    [Benchmark]
    public async Task<SupervisorPicture> DataQuery()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupervisorDashboardService>().LoadAsync(_supervisor, new DashboardFilter())
            ?? throw new InvalidOperationException("refused");
    }

    /// <summary>Bare Kestrel answering the same bytes over the same kind of connection: the floor.</summary>
    [Benchmark(Baseline = true)]
    public async Task<byte[]> Floor()
    {
        using var response = await _client.GetAsync($"http://127.0.0.1:{FloorPort}/");
        return await response.Content.ReadAsByteArrayAsync();
    }
}
