using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
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

    private sealed class DemoOff : AppFactory
    {
        protected override void Configure(IWebHostBuilder builder) => builder.UseSetting("Demo:Enabled", "false");
    }
}
