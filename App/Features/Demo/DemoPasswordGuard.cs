using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;

namespace SchoolAssessment.Features.Demo;

/// <summary>
/// In Production the app does not start while an account still has the demo accounts' published password, unless
/// the demo was asked for explicitly (--Demo:Enabled true, a demonstration server).
/// </summary>
public static class DemoPasswordGuard
{
    public const int ExitCode = 3;

    /// <summary>False (and a critical log line saying which accounts) when the app must not start.</summary>
    public static async Task<bool> AllowsStartAsync(this WebApplication app)
    {
        if (!app.Environment.IsProduction()) return true;
        if (DemoData.IsEnabled(app.Configuration))
        {
            // A demonstration server starts whatever the answer, which only names the accounts in a warning: it is
            // found once the app listens, not before (a PBKDF2 check per distinct hash, ~0.1 CPU-s each).
            app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => WarnAsync(app, app.Lifetime.ApplicationStopping)));
            return true;
        }

        var exposed = await ExposedAccountsAsync(app.Services);
        if (exposed.Count == 0) return true;
        app.Logger.LogCritical(
            "拒绝启动：生产环境中账号 {Accounts} 仍使用公开的示例密码。请修改或删除这些账号，或以 --Demo:Enabled true 明确启动演示。Refusing to start in Production: accounts {Accounts} still have the demo password.",
            string.Join("、", exposed), string.Join(", ", exposed));
        return false;
    }

    private static async Task WarnAsync(WebApplication app, CancellationToken stopping)
    {
        try
        {
            var exposed = await ExposedAccountsAsync(app.Services, stopping);
            if (exposed.Count > 0) app.Logger.LogWarning("演示模式：示例账号 {Accounts} 使用公开的示例密码，请勿用于正式环境。", string.Join("、", exposed));
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && stopping.IsCancellationRequested)
        {
            // Stopped before the check ended: nothing to warn about any more.
        }
        catch (Exception e)
        {
            app.Logger.LogError(e, "The demo accounts' passwords could not be checked");
        }
    }

    /// <summary>The demo accounts whose password is still the published one.</summary>
    internal static async Task<List<string>> ExposedAccountsAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var exposed = new List<string>();
        // Demo accounts seeded together share one hash: each distinct hash is checked once.
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var user in await users.Users.Where(u => u.IsDemo).ToListAsync(cancellationToken))
        {
            if (user.PasswordHash is not { } hash) continue;
            if (!verdicts.TryGetValue(hash, out var published))
                verdicts[hash] = published = users.PasswordHasher.VerifyHashedPassword(user, hash, DemoData.Password) != PasswordVerificationResult.Failed;
            if (published) exposed.Add(user.UserName!);
        }

        return exposed;
    }
}
