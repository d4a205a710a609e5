using System.CommandLine;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Cli;

/// <summary>
/// The app's services without its web server, for the batch verbs (<c>export</c>, <c>import</c>): the same database,
/// the same rules. A batch acts as a named account, so it may do exactly what that person may do in the browser.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AppHost(WebApplication app) => _app = app;

    public IServiceProvider Services => _app.Services;

    public static async Task<AppHost> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(ContentRoot.Options([]));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddApplicationServices();
        var app = builder.Build();
        await app.PrepareDatabaseAsync();
        return new AppHost(app);
    }

    /// <summary>
    /// The app started and signed in as the account, as a sign-in would build its principal; null, with the reason on
    /// stderr, when there is no such account.
    /// </summary>
    public static async Task<AppSession?> StartAsAsync(string userName)
    {
        var host = await StartAsync();
        var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        if (await users.FindByNameAsync(userName) is { } user)
            return new AppSession(host, scope, await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user));

        Console.Error.WriteLine($"--user: 没有账号 {userName}");
        await scope.DisposeAsync();
        await host.DisposeAsync();
        return null;
    }

    public static Option<string> UserOption() => new("--user") { Description = "以哪个账号的权限执行(默认 admin)", DefaultValueFactory = _ => "admin" };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>A batch verb's run: the app's services in one scope, as one account.</summary>
public sealed class AppSession(AppHost host, AsyncServiceScope scope, ClaimsPrincipal user) : IAsyncDisposable
{
    public IServiceProvider Services => scope.ServiceProvider;

    public ClaimsPrincipal User { get; } = user;

    public async ValueTask DisposeAsync()
    {
        await scope.DisposeAsync();
        await host.DisposeAsync();
    }
}
