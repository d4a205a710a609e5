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

    /// <summary>The account's principal, as a sign-in would build it; null when there is no such account.</summary>
    public async Task<ClaimsPrincipal?> SignInAsync(IServiceProvider scope, string userName)
    {
        var users = scope.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.FindByNameAsync(userName) is { } user
            ? await scope.GetRequiredService<IUserClaimsPrincipalFactory<ApplicationUser>>().CreateAsync(user)
            : null;
    }

    public static Option<string> UserOption() => new("--user") { Description = "以哪个账号的权限执行(默认 admin)", DefaultValueFactory = _ => "admin" };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
