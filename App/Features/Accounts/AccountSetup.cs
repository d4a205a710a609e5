using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace SchoolAssessment.Features.Accounts;

/// <summary>
/// At start: makes sure the roles exist, and on an empty database creates the administrator with a
/// one-time password (from configuration "Admin:InitialPassword", or generated and printed once).
/// </summary>
public sealed class AccountSetup(
    UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IConfiguration configuration, ILogger<AccountSetup> logger,
    OperatorConsole console)
{
    public const string AdministratorUserName = "admin";

    public async Task RunAsync()
    {
        foreach (var role in AppRole.All)
        {
            if (!await roles.RoleExistsAsync(role)) Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        }

        if (await users.Users.AnyAsync()) return;

        var configured = configuration["Admin:InitialPassword"];
        var password = string.IsNullOrEmpty(configured) ? OneTimePassword.Generate() : configured;
        var admin = new ApplicationUser { UserName = AdministratorUserName, DisplayName = "系统管理员", MustChangePassword = true };
        Check(await users.CreateAsync(admin, password), "administrator");
        Check(await users.AddToRoleAsync(admin, AppRole.Administrator), "administrator role");

        if (string.IsNullOrEmpty(configured))
        {
            // Shown once, on the console of the operator who started the app, never in the logs; only its hash is stored.
            console.Show($"首次启动：已创建管理员账号 {AdministratorUserName}，一次性密码 {password}（登录后须立即修改）。First start: administrator '{AdministratorUserName}' with one-time password {password}.");
            logger.LogWarning("首次启动：已创建管理员账号 {User}，一次性密码已显示在控制台（不写入日志）。", AdministratorUserName);
        }
        else
        {
            logger.LogWarning("首次启动:已创建管理员账号 {User},密码取自配置 Admin:InitialPassword(登录后须修改)。", AdministratorUserName);
        }
    }

    internal static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {what}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
    }
}
