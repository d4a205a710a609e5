using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

/// <summary>The password policy beyond length and characters: common, from the user name, the current or a recent one.</summary>
public class PasswordPolicyTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    [Theory]
    [InlineData("Password123", true)]
    [InlineData("PASSWORD2026!", true)]
    [InlineData("Qwerty123456", true)]
    [InlineData("Dangxiao2025", true)]
    [InlineData("Lantern2031river", false)]
    [InlineData("Demo2026pass", false)]
    public void Common_passwords_are_known_whatever_their_capitals(string password, bool common) =>
        Assert.Equal(common, PasswordPolicy.IsCommon(password));

    [Theory]
    [InlineData("Zhangwei2026x", "zhangwei", true)]
    [InlineData("Iewgnahz2026X", "zhangwei", true)]
    [InlineData("Tleader2026xz", "t-leader", true)]
    [InlineData("Lantern2031river", "zhangwei", false)]
    public void A_password_made_of_the_user_name_is_recognised(string password, string userName, bool contains) =>
        Assert.Equal(contains, PasswordPolicy.ContainsUserName(password, userName));

    private async Task<(UserManager<ApplicationUser> Users, ApplicationUser User, AsyncServiceScope Scope)> NewUserAsync(string name, string password)
    {
        await app.EnsureSeededAsync();
        var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = name, DisplayName = "密码测试" };
        AccountSetup.Check(await users.CreateAsync(user, password), name);
        return (users, user, scope);
    }

    private static string Errors(IdentityResult result) => string.Join("；", result.Errors.Select(e => e.Description));

    [Fact]
    public async Task Common_and_user_name_passwords_are_refused_with_the_reason_in_chinese()
    {
        var (users, user, scope) = await NewUserAsync("policy-wang", "Lantern2031river");
        await using var _ = scope;

        var common = await users.ChangePasswordAsync(user, "Lantern2031river", "Password123");
        var named = await users.ChangePasswordAsync(user, "Lantern2031river", "Policy-Wang2031x");

        Assert.Contains("密码过于常见", Errors(common));
        Assert.Contains("用户名", Errors(named));
        Assert.True(await users.CheckPasswordAsync(user, "Lantern2031river"));
    }

    [Fact]
    public async Task The_current_password_and_the_four_before_it_are_refused_the_fifth_before_is_allowed()
    {
        var (users, user, scope) = await NewUserAsync("policy-history", "Pass0Harbor77");
        await using var _ = scope;
        string[] sequence = ["Pass1Harbor77", "Pass2Harbor77", "Pass3Harbor77", "Pass4Harbor77", "Pass5Harbor77"];
        var current = "Pass0Harbor77";
        foreach (var next in sequence)
        {
            Assert.True((await users.ChangePasswordAsync(user, current, next)).Succeeded, next);
            current = next;
        }

        Assert.Contains("当前密码", Errors(await users.ChangePasswordAsync(user, current, current)));
        var recent = await users.ChangePasswordAsync(user, current, "Pass1Harbor77");
        Assert.Contains("最近 5 次", Errors(recent));
        // The last five are Pass5 (current) to Pass1: Pass0 may come back.
        Assert.True((await users.ChangePasswordAsync(user, current, "Pass0Harbor77")).Succeeded);
    }

    [Fact]
    public async Task The_one_time_password_cannot_be_kept_as_the_new_one()
    {
        var (users, user, scope) = await NewUserAsync("policy-reset", "Lantern2031river");
        await using var _ = scope;
        var admin = (await users.FindByNameAsync(AccountSetup.AdministratorUserName))!;
        var caller = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, admin.Id), new Claim(ClaimTypes.Name, "admin")], "test"));
        var reset = await scope.ServiceProvider.GetRequiredService<UserAdmin>().ResetPasswordAsync(caller, user.Id);
        var oneTime = reset.OneTimePassword!;

        var fresh = (await users.FindByIdAsync(user.Id))!;
        var kept = await users.ChangePasswordAsync(fresh, oneTime, oneTime);
        var previous = await users.ChangePasswordAsync(fresh, oneTime, "Lantern2031river");

        Assert.Contains("一次性密码", Errors(kept));
        Assert.Contains("最近 5 次", Errors(previous));
        Assert.True((await users.ChangePasswordAsync(fresh, oneTime, "Harbor2031lights")).Succeeded);
    }
}
