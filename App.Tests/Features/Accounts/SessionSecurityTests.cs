using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

/// <summary>Sessions end when they should; sign-in guessing is throttled without letting anyone lock an account; the proxy's scheme is honoured.</summary>
public class SessionSecurityTests(ClientAddressFactory app) : IClassFixture<ClientAddressFactory>
{
    private async Task<ApplicationUser> NewUserAsync(string name)
    {
        await app.EnsureSeededAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = new ApplicationUser { UserName = name, DisplayName = "会话测试" };
        AccountSetup.Check(await users.CreateAsync(user, SchoolTreeFactory.Password), name);
        AccountSetup.Check(await users.AddToRoleAsync(user, AppRole.SchoolStaff), name);
        user.SchoolId = app.Schools[Relation.Own];
        await users.UpdateAsync(user);
        return user;
    }

    private static string CookieOf(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("school-assessment=", StringComparison.Ordinal)).Split(';')[0];

    private HttpClient Replay(string cookie)
    {
        var client = app.ClientFrom("10.0.0.1");
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<bool> SignedInAsync(HttpClient client) => (await client.GetAsync("/schools")).StatusCode == HttpStatusCode.OK;

    [Fact]
    public async Task After_sign_out_the_old_cookie_replayed_is_refused()
    {
        await NewUserAsync("session-signout");
        var client = app.ClientFrom("10.0.0.1");
        var cookie = CookieOf(await SchoolTreeFactory.SignInAsync(client, "session-signout", SchoolTreeFactory.Password));
        Assert.True(await SignedInAsync(Replay(cookie)));

        var token = await SchoolTreeFactory.TokenAsync(client, "/schools");
        await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        var replayed = await Replay(cookie).GetAsync("/schools");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/account/login", replayed.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_password_changed_elsewhere_ends_the_other_sessions_but_not_this_one()
    {
        await NewUserAsync("session-password");
        var other = app.ClientFrom("10.0.0.2");
        var cookie = CookieOf(await SchoolTreeFactory.SignInAsync(other, "session-password", SchoolTreeFactory.Password));
        var here = app.ClientFrom("10.0.0.3");
        await SchoolTreeFactory.SignInAsync(here, "session-password", SchoolTreeFactory.Password);

        var token = await SchoolTreeFactory.TokenAsync(here, "/account/password");
        var changed = await here.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password", ["__RequestVerificationToken"] = token,
            ["Input.Current"] = SchoolTreeFactory.Password, ["Input.New"] = "Lantern2031river", ["Input.Confirm"] = "Lantern2031river",
        }));

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.True(await SignedInAsync(here));
        Assert.False(await SignedInAsync(Replay(cookie)));
    }

    [Theory]
    [InlineData("reset")]
    [InlineData("role")]
    public async Task An_administrator_s_reset_or_role_change_ends_the_user_s_sessions(string change)
    {
        var user = await NewUserAsync("session-" + change);
        var cookie = CookieOf(await SchoolTreeFactory.SignInAsync(app.ClientFrom("10.0.0.4"), user.UserName!, SchoolTreeFactory.Password));
        Assert.True(await SignedInAsync(Replay(cookie)));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var admin = (await users.FindByNameAsync(AccountSetup.AdministratorUserName))!;
            var caller = new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, admin.Id), new Claim(ClaimTypes.Name, admin.UserName!)], "test"));
            var accounts = scope.ServiceProvider.GetRequiredService<UserAdmin>();
            var fresh = (await users.FindByIdAsync(user.Id))!;
            var result = change == "reset"
                ? await accounts.ResetPasswordAsync(caller, user.Id)
                : await accounts.UpdateAsync(caller, user.Id, fresh.ConcurrencyStamp!, new AccountDetails(user.UserName!, "会话测试", AppRole.SchoolLeader, app.Schools[Relation.Own]));
            Assert.True(result.Succeeded);
        }

        Assert.False(await SignedInAsync(Replay(cookie)));
    }

    [Fact]
    public async Task Guessing_from_one_address_is_stopped_there_while_the_owner_signs_in_from_another()
    {
        await NewUserAsync("guess-target");
        var attacker = app.ClientFrom("10.0.1.1");
        for (var i = 0; i < 5; i++) await SchoolTreeFactory.SignInAsync(attacker, "guess-target", $"Wrong{i}2026pass");

        var stopped = await SchoolTreeFactory.SignInAsync(attacker, "guess-target", SchoolTreeFactory.Password);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode); // the right password does not get through from there
        Assert.Contains("登录失败次数过多", await stopped.Content.ReadAsStringAsync());

        var owner = await SchoolTreeFactory.SignInAsync(app.ClientFrom("10.0.1.2"), "guess-target", SchoolTreeFactory.Password);
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_gets_the_same_message_and_the_same_throttle_as_a_known_one()
    {
        await NewUserAsync("known-name");
        async Task<string> MessageAsync(HttpClient client, string name)
        {
            var response = await SchoolTreeFactory.SignInAsync(client, name, "Wrong2026pass");
            return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelector("[data-role=login-error]")!.TextContent;
        }

        var known = app.ClientFrom("10.0.2.1");
        var unknown = app.ClientFrom("10.0.2.2");
        for (var i = 0; i < 5; i++)
            Assert.Equal(await MessageAsync(known, "known-name"), await MessageAsync(unknown, "no-such-name"));
        Assert.Equal("用户名或密码不正确。", await MessageAsync(known, "other-unknown"));
        Assert.Equal(await MessageAsync(known, "known-name"), await MessageAsync(unknown, "no-such-name"));
        Assert.Contains("次数过多", await MessageAsync(unknown, "no-such-name"));
    }

    [Fact]
    public async Task An_unknown_name_takes_about_as_long_as_a_wrong_password()
    {
        await NewUserAsync("timing-name");
        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            // A fresh address each time, so no attempt is throttled.
            known.Add(await TimeAsync(app.ClientFrom($"10.0.3.{i}"), "timing-name"));
            unknown.Add(await TimeAsync(app.ClientFrom($"10.0.4.{i}"), $"timing-unknown-{i}"));
        }

        var (k, u) = (known.Order().ElementAt(2), unknown.Order().ElementAt(2));
        Assert.True(u > k * 0.5 && u < k * 2, $"known {k:0} ms, unknown {u:0} ms");

        static async Task<double> TimeAsync(HttpClient client, string name)
        {
            var token = await SchoolTreeFactory.TokenAsync(client, "/account/login");
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = name, ["Input.Password"] = "Wrong2026pass",
            });
            var watch = Stopwatch.StartNew();
            (await client.PostAsync("/account/login", form)).Dispose();
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    [Fact]
    public async Task Sign_in_posts_from_one_address_are_rate_limited_with_a_message()
    {
        await app.EnsureSeededAsync();
        var client = app.ClientFrom("10.0.5.1");
        var token = await SchoolTreeFactory.TokenAsync(client, "/account/login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 13; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = $"flood-{i}", ["Input.Password"] = "x",
            });
            var response = await client.PostAsync("/account/login", form);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.Contains("过于频繁", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(12, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode); // the page itself still opens
    }

    [Fact]
    public async Task Behind_a_configured_tls_proxy_cookies_are_secure_and_hsts_is_sent_and_not_for_anyone_else()
    {
        await app.EnsureSeededAsync();
        async Task<HttpResponseMessage> ViaAsync(string address)
        {
            var client = app.ClientFrom(address, "http://pingjia.example.cn");
            client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");
            return await client.GetAsync("/account/login");
        }

        // The antiforgery cookie follows the same rule as the sign-in cookie (Secure whenever the request is https).
        var proxied = await ViaAsync("10.9.9.9");
        Assert.Contains("secure", CookieHeader(proxied), StringComparison.OrdinalIgnoreCase);
        Assert.True(proxied.Headers.Contains("Strict-Transport-Security"));

        var spoofed = await ViaAsync("10.0.6.1"); // not a known proxy: its header is not believed
        Assert.DoesNotContain("secure", CookieHeader(spoofed), StringComparison.OrdinalIgnoreCase);
        Assert.False(spoofed.Headers.Contains("Strict-Transport-Security"));

        static string CookieHeader(HttpResponseMessage response) =>
            response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
    }
}
