using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Data.Sqlite;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Demo;

/// <summary>The demo is shown only when asked for, and a production start with the demo password left on an account is refused.</summary>
public class DemoSwitchTests
{
    [Fact]
    public async Task The_login_page_lists_the_demo_accounts_only_when_the_demo_is_on()
    {
        using var on = new AppFactory();
        using var off = new DemoOff();

        var withDemo = new HtmlParser().ParseDocument(await on.NewClient().GetStringAsync("/account/login"));
        var without = await off.NewClient().GetStringAsync("/account/login");

        Assert.NotNull(withDemo.QuerySelector("[data-role=demo-accounts]"));
        Assert.DoesNotContain("demo-accounts", without);
        Assert.DoesNotContain(DemoData.Password, without);
        SqliteConnection.ClearAllPools();
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task In_production_the_app_refuses_to_start_while_a_demo_account_keeps_the_demo_password()
    {
        // A database that had the demo once: its accounts still carry the published password.
        string database;
        using (var seeded = new AppFactory())
        {
            _ = seeded.Server;
            database = Path.Combine(Path.GetTempPath(), $"demo-guard-{Guid.NewGuid():N}.db");
            File.Copy(seeded.DatabasePath, database);
        }

        SqliteConnection.ClearAllPools();
        try
        {
            var outcome = await AppProcess.RunAsync(new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production", ["ConnectionStrings__Default"] = $"Data Source={database}",
                ["Demo__Enabled"] = "false", ["Urls"] = "http://127.0.0.1:0",
            });

            Assert.Equal(DemoPasswordGuard.ExitCode, outcome.ExitCode);
            Assert.Contains("拒绝启动", outcome.StandardOutput + outcome.StandardError);
            Assert.Contains("supervisor", outcome.StandardOutput + outcome.StandardError);
        }
        finally
        {
            File.Delete(database);
        }
    }

    [Fact]
    public async Task The_guard_names_each_demo_account_that_keeps_the_published_password()
    {
        using var app = new AppFactory();
        _ = app.Server;
        Assert.Equal(DemoData.Accounts.Select(a => a.UserName).Order(), (await DemoPasswordGuard.ExposedAccountsAsync(app.Services)).Order());

        // The demo accounts share one hash, checked once: one of them changing its password leaves the others named.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var staff = await users.FindByNameAsync("staff");
            var changed = await users.ChangePasswordAsync(staff!, DemoData.Password, "Lichuan-Keeper-2027");
            Assert.True(changed.Succeeded, string.Join("; ", changed.Errors.Select(e => e.Description)));
        }

        var exposed = await DemoPasswordGuard.ExposedAccountsAsync(app.Services);
        Assert.DoesNotContain("staff", exposed);
        Assert.Equal(DemoData.Accounts.Count - 1, exposed.Count);
        SqliteConnection.ClearAllPools();
    }

    private sealed class DemoOff : AppFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Enabled", "false");
    }
}
