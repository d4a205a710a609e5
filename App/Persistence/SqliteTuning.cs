using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SchoolAssessment.Persistence;

/// <summary>
/// Sets SQLite up for many writers on every connection it opens: the write-ahead log (readers never wait for the writer,
/// and a commit appends instead of rewriting pages), synchronous=NORMAL (safe in WAL: a power cut may lose the last
/// commits, never corrupt), a 64 MB page cache instead of 2 MB, the file memory-mapped, and a 5 s busy timeout so a
/// writer waits its turn rather than answering "database is locked".
/// </summary>
public sealed class SqliteTuning : DbConnectionInterceptor
{
    public const string Pragmas =
        "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (connection is not SqliteConnection) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is not SqliteConnection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
