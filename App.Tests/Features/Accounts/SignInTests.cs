using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

public class SignInTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private HttpClient NewClient() => app.NewClient();

    [Fact]
    public async Task A_good_password_signs_in_with_a_secure_http_only_cookie()
    {
        await app.EnsureSeededAsync();

        var response = await SchoolTreeFactory.SignInAsync(NewClient(), SchoolTreeFactory.UserName(AppRole.SchoolLeader), SchoolTreeFactory.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://localhost/", response.Headers.Location!.OriginalString);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("school-assessment=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Signed_in_home_is_ones_own_picture()
    {
        await app.EnsureSeededAsync();
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);
        var evaluator = await app.ClientForAsync(AppRole.Evaluator);

        var leadersHome = await leader.GetAsync("/");
        var supervisorsHome = await supervisor.GetAsync("/");
        var evaluatorsHome = await evaluator.GetAsync("/");

        Assert.Equal($"/schools/{app.Schools[Relation.Own]}/dashboard", leadersHome.Headers.Location?.AbsolutePath.TrimEnd('/'));
        Assert.Equal("/dashboard", supervisorsHome.Headers.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, evaluatorsHome.StatusCode);
        Assert.Contains("我的评估", await evaluatorsHome.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_password_says_so_in_chinese_without_saying_which_part_was_wrong()
    {
        await app.EnsureSeededAsync();

        var response = await SchoolTreeFactory.SignInAsync(NewClient(), SchoolTreeFactory.UserName(AppRole.SchoolStaff), "Wrong2026pass");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("用户名或密码不正确。", page.QuerySelector("[data-role=login-error]")!.TextContent);
    }

    [Fact]
    public async Task Five_failures_stop_further_tries_from_there_but_never_lock_the_account()
    {
        await app.EnsureSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = "lockout-victim", DisplayName = "锁定测试" };
        await users.CreateAsync(user, SchoolTreeFactory.Password);
        await users.AddToRoleAsync(user, AppRole.SchoolStaff);

        for (var i = 0; i < 5; i++) await SchoolTreeFactory.SignInAsync(NewClient(), "lockout-victim", "Wrong2026pass");
        var response = await SchoolTreeFactory.SignInAsync(NewClient(), "lockout-victim", SchoolTreeFactory.Password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("登录失败次数过多", await response.Content.ReadAsStringAsync());
        var stored = await users.FindByNameAsync("lockout-victim");
        Assert.Null(stored!.LockoutEnd);
        Assert.Equal(0, stored.AccessFailedCount);
    }

    [Fact]
    public async Task Only_a_local_return_url_is_followed()
    {
        await app.EnsureSeededAsync();
        var client = NewClient();
        var token = await SchoolTreeFactory.TokenAsync(client, "/account/login");

        var response = await client.PostAsync("/account/login?ReturnUrl=https%3A%2F%2Fevil.example%2F", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = SchoolTreeFactory.UserName(AppRole.Evaluator), ["Input.Password"] = SchoolTreeFactory.Password,
        }));

        Assert.Equal("https://localhost/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_first_administrator_must_change_the_one_time_password_before_anything_else()
    {
        await app.EnsureSeededAsync();
        var client = NewClient();
        var signIn = await SchoolTreeFactory.SignInAsync(client, AccountSetup.AdministratorUserName, AppFactory.AdministratorPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var elsewhere = await client.GetAsync("/schools");
        Assert.Equal("/account/password", elsewhere.Headers.Location!.OriginalString);

        var token = await SchoolTreeFactory.TokenAsync(client, "/account/password");
        var mismatch = await client.PostAsync("/account/password", Form(token, AppFactory.AdministratorPassword, "Newpass2026x", "Other2026x"));
        Assert.Contains("两次输入的新密码不一致", await mismatch.Content.ReadAsStringAsync());
        var weak = await client.PostAsync("/account/password", Form(token, AppFactory.AdministratorPassword, "short", "short"));
        Assert.Contains("密码至少需要 10 个字符", await weak.Content.ReadAsStringAsync());

        var changed = await client.PostAsync("/account/password", Form(token, AppFactory.AdministratorPassword, "Newpass2026x", "Newpass2026x"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/schools")).StatusCode);

        // The old password no longer works; the new one does.
        Assert.Equal(HttpStatusCode.OK, (await SchoolTreeFactory.SignInAsync(NewClient(), AccountSetup.AdministratorUserName, AppFactory.AdministratorPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(NewClient(), AccountSetup.AdministratorUserName, "Newpass2026x")).StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await app.EnsureSeededAsync();
        var client = NewClient();
        await SchoolTreeFactory.SignInAsync(client, SchoolTreeFactory.UserName(AppRole.Supervisor), SchoolTreeFactory.Password);
        var token = await SchoolTreeFactory.TokenAsync(client, "/schools");

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", (await client.GetAsync("/schools")).Headers.Location!.AbsolutePath);
    }

    private static FormUrlEncodedContent Form(string token, string current, string next, string confirm) => new(new Dictionary<string, string>
    {
        ["_handler"] = "change-password", ["__RequestVerificationToken"] = token,
        ["Input.Current"] = current, ["Input.New"] = next, ["Input.Confirm"] = confirm,
    });
}
