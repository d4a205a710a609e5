using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Accounts;

/// <summary>A first start on the embedded default: a generated administrator password, printed once, and the demo data.</summary>
public class FirstStartTests : IDisposable
{
    private readonly FirstStartFactory _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_administrator_s_one_time_password_is_printed_once_works_and_is_not_stored()
    {
        _ = _app.Server;

        // Shown once on the operator's console, and never written to the logs.
        var line = Assert.Single(_app.Console.Lines, l => l.Contains("一次性密码", StringComparison.Ordinal));
        var password = Regex.Match(line, "一次性密码 ([A-Za-z0-9]{14})").Groups[1].Value;
        Assert.NotEmpty(password);
        Assert.DoesNotContain(_app.Log, l => l.Contains(password, StringComparison.Ordinal));

        var client = _app.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(client, AccountSetup.AdministratorUserName, password)).StatusCode);

        // The database and its write-ahead log hold only a hash.
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_app.DatabasePath)!, "app.db*"))
            Assert.DoesNotContain(password, System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file)));
    }

    [Fact]
    public async Task Demo_data_builds_the_seeded_tree_marked_as_demo_with_one_account_per_role()
    {
        _ = _app.Server;
        await using var scope = _app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        Assert.True(await db.Schools.AllAsync(s => s.IsDemo));
        Assert.Equal(15, await db.Schools.CountAsync(s => s.Parent!.Name == "利川市委党校"));
        Assert.Equal(10, await db.Schools.CountAsync(s => s.Parent!.Parent!.Name == "阜阳市委党校" && s.Level == SchoolAssessment.Features.Schools.SchoolLevel.Township));
        Assert.True(await db.Schools.AnyAsync(s => s.Name == "庐阳区委党校") && await db.Schools.AnyAsync(s => s.Name == "当阳市委党校"));

        foreach (var account in DemoData.Accounts)
        {
            var client = _app.NewClient();
            Assert.Equal(HttpStatusCode.Redirect, (await SchoolTreeFactory.SignInAsync(client, account.UserName, DemoData.Password)).StatusCode);
        }
    }

    [Fact]
    public async Task Demo_data_can_be_switched_off()
    {
        using var app = new FirstStartFactory(demo: false);
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

        Assert.Equal(0, await db.Schools.CountAsync());
        Assert.Equal(["admin"], await db.Users.Select(u => u.UserName).ToListAsync());
        SqliteConnection.ClearAllPools();
    }

    private sealed class FirstStartFactory(bool demo = true) : AppFactory
    {
        public ConcurrentQueue<string> Log { get; } = new();

        public CapturedConsole Console { get; } = new();

        protected override void Configure(IWebHostBuilder builder)
        {
            builder.UseSetting("Admin:InitialPassword", "");
            builder.UseSetting("Demo:Enabled", demo ? "true" : "false");
            builder.ConfigureLogging(logging => logging.AddProvider(new ListLogger(Log)));
            builder.ConfigureTestServices(services => services.AddSingleton<OperatorConsole>(Console));
        }
    }

    private sealed class CapturedConsole : OperatorConsole
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public override void Show(string line) => Lines.Enqueue(line);
    }

    private sealed class ListLogger(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
