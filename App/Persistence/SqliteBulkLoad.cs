using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SchoolAssessment.Persistence;

/// <summary>
/// Loading empty tables in bulk on SQLite, inside the caller's transaction: their secondary indexes are dropped first and
/// made again, from the very statements the migrations left in <c>sqlite_master</c>, once the rows are in (one sorted
/// build instead of an index insert a row), and the connection's page cache is enlarged for the load (the province's
/// 640 MB would otherwise spill mid-transaction). Nothing happens on another engine, or when any of the tables
/// already holds rows (rebuilding an index over rows already there would cost more than it saves). The drop and the
/// rebuild are part of the transaction: other connections never see the tables without their indexes, and a failed
/// load rolls back to the schema as it was.
/// </summary>
public sealed class SqliteBulkLoad : IAsyncDisposable
{
    /// <summary>The page cache during the load, in KiB (SQLite's negative cache_size): enough for a 20,000-school province.</summary>
    private const int LoadCacheKib = 1_048_576;

    private readonly AppDbContext _db;
    private readonly List<string> _indexes;

    // Whether the load changed the page cache, to be set back at the end.
    private readonly bool _cacheEnlarged;

    private SqliteBulkLoad(AppDbContext db, List<string> indexes, bool cacheEnlarged) => (_db, _indexes, _cacheEnlarged) = (db, indexes, cacheEnlarged);

    /// <summary>Starts a load of <paramref name="tables"/> on the context's current transaction.</summary>
    public static async Task<SqliteBulkLoad> BeginAsync(AppDbContext db, IReadOnlyList<string> tables, CancellationToken cancellationToken = default)
    {
        if (!db.Database.IsSqlite() || db.Database.CurrentTransaction?.GetDbTransaction() is not { Connection: SqliteConnection connection } transaction)
            return new SqliteBulkLoad(db, [], cacheEnlarged: false);
        foreach (var table in tables)
        {
            if (await ScalarAsync(connection, transaction, $"SELECT EXISTS (SELECT 1 FROM \"{table}\")", cancellationToken) is 1L)
                return new SqliteBulkLoad(db, [], cacheEnlarged: false);
        }

        var indexes = new List<(string Name, string Sql)>();
        foreach (var table in tables)
        {
            await using var command = Command(connection, transaction, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $table AND sql IS NOT NULL ORDER BY name");
            command.Parameters.AddWithValue("$table", table);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        foreach (var (name, _) in indexes)
            await ExecuteAsync(connection, transaction, $"DROP INDEX \"{name}\"", cancellationToken);
        await ExecuteAsync(connection, transaction, $"PRAGMA cache_size = -{LoadCacheKib}", cancellationToken);
        return new SqliteBulkLoad(db, indexes.Select(i => i.Sql).ToList(), cacheEnlarged: true);
    }

    /// <summary>Makes the dropped indexes again, in the transaction, before the caller commits.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_indexes.Count == 0) return;
        var transaction = _db.Database.CurrentTransaction!.GetDbTransaction();
        var connection = (SqliteConnection)transaction.Connection!;
        foreach (var sql in _indexes) await ExecuteAsync(connection, transaction, sql, cancellationToken);
        _indexes.Clear();
    }

    /// <summary>The connection's page cache back to what <see cref="SqliteTuning"/> gives every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_cacheEnlarged || _db.Database.GetDbConnection() is not SqliteConnection { State: System.Data.ConnectionState.Open } connection) return;
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteTuning.CacheSize;
        await command.ExecuteNonQueryAsync();
    }

    private static SqliteCommand Command(SqliteConnection connection, System.Data.Common.DbTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = sql;
        return command;
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, System.Data.Common.DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, System.Data.Common.DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
