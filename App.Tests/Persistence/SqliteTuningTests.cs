using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// SQLite's settings for many writers hold on every connection a context gets, whether the pool hands back a native
/// connection already set up (the pragmas are not run again) or, without pooling, each open makes a new one.
/// </summary>
[Trait("Needs", "Sqlite")]
public sealed class SqliteTuningTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("school-assessment-tuning-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Every_open_connection_waits_for_the_writer_and_keeps_the_write_ahead_log(bool pooling)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, $"tuning-{pooling}.db")};Pooling={pooling}")
            .AddInterceptors(new SqliteTuning())
            .Options;

        // Several contexts, each opening and closing the connection as EF does for every query.
        for (var context = 0; context < 3; context++)
        {
            await using var db = new AppDbContext(options);
            for (var query = 0; query < 2; query++)
            {
                Assert.Equal(5000L, await PragmaAsync(db, "busy_timeout"));
                Assert.Equal("wal", await PragmaAsync(db, "journal_mode"));
                Assert.Equal(-65536L, await PragmaAsync(db, "cache_size"));
                Assert.Equal(1L, await PragmaAsync(db, "synchronous")); // NORMAL
            }
        }
    }

    private static async Task<object?> PragmaAsync(AppDbContext db, string name)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {name}";
            return await command.ExecuteScalarAsync();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
