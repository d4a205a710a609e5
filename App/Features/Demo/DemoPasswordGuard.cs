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
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var exposed = new List<string>();
        foreach (var user in await users.Users.Where(u => u.IsDemo).ToListAsync())
        {
            if (user.PasswordHash is { } hash
                && users.PasswordHasher.VerifyHashedPassword(user, hash, DemoData.Password) != PasswordVerificationResult.Failed)
                exposed.Add(user.UserName!);
        }

        if (exposed.Count == 0) return true;
        if (DemoData.IsEnabled(app.Configuration))
        {
            app.Logger.LogWarning("演示模式：示例账号 {Accounts} 使用公开的示例密码，请勿用于正式环境。", string.Join("、", exposed));
            return true;
        }

        app.Logger.LogCritical(
            "拒绝启动：生产环境中账号 {Accounts} 仍使用公开的示例密码。请修改或删除这些账号，或以 --Demo:Enabled true 明确启动演示。Refusing to start in Production: accounts {Accounts} still have the demo password.",
            string.Join("、", exposed), string.Join(", ", exposed));
        return false;
    }
}
