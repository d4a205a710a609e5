using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// SQLite's writers take turns through the process's gate: a writer waits for the transaction before it, however that
/// transaction ends (committed, rolled back, or disposed unfinished), and is let in as soon as it ends rather than after
/// the gate's patience runs out (which would log a warning). Without the gate the second writer of the first test would
/// block its thread in SQLite's busy handler until the first gave up: the test would hang, then fail "database is locked".
/// </summary>
[Trait("Needs", "Sqlite")]
public sealed class SqliteWriterGateTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("school-assessment-gate-").FullName;
    private readonly WarningLog _log = new();
    private DbContextOptions<AppDbContext> _options = null!;

    public async Task InitializeAsync()
    {
        _options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "gate.db")}")
            .AddInterceptors(new SqliteTuning(), new SqliteWriterGate(_log))
            .Options;
        await using var db = new AppDbContext(_options);
        await db.Database.MigrateAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_writer_waits_for_the_open_transaction_and_goes_in_when_it_commits()
    {
        await using var first = new AppDbContext(_options);
        await using var transaction = await first.Database.BeginTransactionAsync();
        first.Schools.Add(School("先写"));
        await first.SaveChangesAsync();

        var second = SaveAsync("后写");
        // The second writer is held at the gate (it has no row yet) while the first transaction is open.
        await Task.WhenAny(second, Task.Delay(300));
        Assert.False(second.IsCompleted);
        await using (var reader = new AppDbContext(_options))
            Assert.Equal(0, await reader.Schools.CountAsync());

        await transaction.CommitAsync();
        await second;

        await using var check = new AppDbContext(_options);
        Assert.Equal(["先写", "后写", "后写分校"], await check.Schools.OrderBy(s => s.Id).Select(s => s.Name).ToListAsync());
        Assert.Empty(_log.Warnings);
    }

    [Theory]
    [InlineData("rollback")]
    [InlineData("dispose")]
    [InlineData("dispose, connection opened by hand")]
    public async Task A_transaction_that_does_not_commit_still_lets_the_next_writer_in(string ending)
    {
        await using (var first = new AppDbContext(_options))
        {
            if (ending.Contains("by hand", StringComparison.Ordinal)) await first.Database.OpenConnectionAsync();
            var transaction = await first.Database.BeginTransactionAsync();
            first.Schools.Add(School("不留"));
            await first.SaveChangesAsync();
            if (ending == "rollback") await transaction.RollbackAsync();
            await transaction.DisposeAsync();
        }

        // Fifty writers one after another: a turn never given back would make each wait out the gate's patience.
        for (var i = 0; i < 50; i++) await SaveAsync($"第{i}所");

        await using var check = new AppDbContext(_options);
        Assert.Equal(100, await check.Schools.CountAsync());
        Assert.Empty(_log.Warnings);
    }

    [Fact]
    public async Task Many_writers_at_once_all_get_their_turn_without_waiting_out_the_gate()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => SaveAsync($"并发{i}"))));

        await using var check = new AppDbContext(_options);
        Assert.Equal(400, await check.Schools.CountAsync());
        Assert.Empty(_log.Warnings);
    }

    /// <summary>A save of a school and its branch: two statements, so SaveChanges writes them in a transaction (one alone it would not).</summary>
    private async Task SaveAsync(string name)
    {
        await using var db = new AppDbContext(_options);
        db.Schools.Add(School(name));
        db.Schools.Add(School(name + "分校"));
        await db.SaveChangesAsync();
    }

    private static School School(string name) => new()
    {
        Name = name, Region = "某县", Level = SchoolLevel.County, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow,
    };

    private sealed class WarningLog : ILogger
    {
        public ConcurrentQueue<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning) Warnings.Enqueue(formatter(state, exception));
        }
    }
}
