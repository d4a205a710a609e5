using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Features.Dashboards.Pages;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Bench;

/// <summary>
/// The supervisor's dashboard on the demo-scale data set (2,000 schools, 3 years, generated in the setup): the
/// server's whole first render, every query of the page and the HTML of the view, as the generated supervisor.
/// </summary>
[MemoryDiagnoser]
public class DashboardBenchmarks
{
    private WebApplication _app = default!;
    private ClaimsPrincipal _supervisor = default!;
    private string _folder = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("sa-dashboard-").FullName;
        _app = BenchApp.Start(_folder);
        using var scope = _app.Services.CreateScope();
        var outcome = scope.ServiceProvider.GetRequiredService<DemoGenerator>().GenerateAsync(new DemoOptions(2000, 3)).GetAwaiter().GetResult();
        Console.WriteLine($"// generated in {outcome.Elapsed.TotalSeconds:0.0} s");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = users.FindByNameAsync(DemoGenerator.SupervisorUserName).GetAwaiter().GetResult()!;
        _supervisor = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user).GetAwaiter().GetResult();
        Console.WriteLine($"// first page: {FirstRender().GetAwaiter().GetResult().Length / 1024} KB of HTML");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>What GET /dashboard does on the server, minus the HTTP pipeline: load the picture, render the view.</summary>
    [Benchmark]
    public async Task<string> FirstRender()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var picture = await scope.ServiceProvider.GetRequiredService<SupervisorDashboardService>().LoadAsync(_supervisor, new DashboardFilter())
            ?? throw new InvalidOperationException("refused");
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<SupervisorDashboardView>(ParameterView.FromDictionary(new Dictionary<string, object?> { ["Picture"] = picture }))).ToHtmlString());
    }
}
