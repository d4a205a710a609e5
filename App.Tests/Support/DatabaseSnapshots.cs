using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SchoolAssessment.Tests.Support;

/// <summary>
/// What a snapshot of a test database leaves alone: the running app's own state, not test data. The leases are held by
/// this app's worker (in memory too); the data-protection keys are cached by the app, and cookies and tokens issued
/// after the copy are protected with them.
/// </summary>
internal static class SnapshotScope
{
    public static readonly string[] Kept = ["DatabaseLeases", "DataProtectionKeys"];

    public const string Dirty = "test_dirty";

    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static void Execute(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static List<string> Strings(DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        var found = new List<string>();
        while (reader.Read()) found.Add(reader.GetString(0));
        return found;
    }
}

/// <summary>
/// A snapshot of a SQLite test database: a copy of the file (<c>VACUUM INTO</c>) and triggers that note each table a
/// test writes (<c>test_dirty</c>). A restore copies back only those tables, and the AUTOINCREMENT counters, from the
/// attached copy in one write transaction, so its cost is what the test wrote, not the ~60 tables. A write of the app
/// meanwhile (a lease renewal) waits its turn: the restore is an ordinary transaction, not a page copy that fails on a lock.
/// </summary>
internal sealed class SqliteSnapshot(string path)
{
    private readonly string _copy = Path.Combine(Path.GetDirectoryName(path)!, "snapshot.db");
    private readonly Dictionary<string, string> _columns = [];

    private SqliteConnection Open()
    {
        // No foreign keys while tables are refilled in any order; no fsync for a throwaway file.
        var connection = new SqliteConnection($"Data Source={path};Pooling=False;Foreign Keys=False;Default Timeout=60");
        connection.Open();
        SnapshotScope.Execute(connection, "PRAGMA synchronous = OFF;");
        return connection;
    }

    public void Take()
    {
        using var connection = Open();
        var tables = SnapshotScope.Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        tables.RemoveAll(t => t == SnapshotScope.Dirty || SnapshotScope.Kept.Contains(t));
        var sql = new StringBuilder($"CREATE TABLE IF NOT EXISTS {SnapshotScope.Dirty} (name TEXT PRIMARY KEY) WITHOUT ROWID;");
        foreach (var table in tables)
        {
            // Generated columns (hidden 2 and 3) are not written.
            _columns[table] = string.Join(", ", SnapshotScope.Strings(connection,
                $"SELECT name FROM pragma_table_xinfo({SnapshotScope.Literal(table)}) WHERE hidden = 0 ORDER BY cid").Select(SnapshotScope.Quote));
            foreach (var change in new[] { "INSERT", "UPDATE", "DELETE" })
            {
                sql.Append($"CREATE TRIGGER IF NOT EXISTS {SnapshotScope.Quote($"{SnapshotScope.Dirty}_{table}_{change}")} AFTER {change} ON {SnapshotScope.Quote(table)} ")
                    .Append($"BEGIN INSERT OR IGNORE INTO {SnapshotScope.Dirty} VALUES ({SnapshotScope.Literal(table)}); END;");
            }
        }

        sql.Append($"DELETE FROM {SnapshotScope.Dirty};");
        SnapshotScope.Execute(connection, sql.ToString());
        File.Delete(_copy);
        SnapshotScope.Execute(connection, $"VACUUM INTO {SnapshotScope.Literal(_copy)};");
    }

    public void Restore()
    {
        using var connection = Open();
        SnapshotScope.Execute(connection, $"ATTACH DATABASE {SnapshotScope.Literal(_copy)} AS snapshot;");
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            var sql = new StringBuilder();
            foreach (var table in SnapshotScope.Strings(connection, $"SELECT name FROM {SnapshotScope.Dirty}", transaction).Where(_columns.ContainsKey))
            {
                var (columns, quoted) = (_columns[table], SnapshotScope.Quote(table));
                sql.Append($"DELETE FROM main.{quoted}; INSERT INTO main.{quoted} ({columns}) SELECT {columns} FROM snapshot.{quoted};");
            }

            // Every table's counter (a failed insert may have moved one whose table it did not change), but the kept tables'.
            var kept = string.Join(", ", SnapshotScope.Kept.Select(SnapshotScope.Literal));
            sql.Append($"DELETE FROM main.sqlite_sequence WHERE name NOT IN ({kept});")
                .Append($"INSERT INTO main.sqlite_sequence SELECT * FROM snapshot.sqlite_sequence WHERE name NOT IN ({kept});")
                .Append($"DELETE FROM {SnapshotScope.Dirty};");
            SnapshotScope.Execute(connection, sql.ToString(), transaction);
            transaction.Commit();
        }

        SnapshotScope.Execute(connection, "DETACH DATABASE snapshot;");
    }
}

/// <summary>
/// A snapshot of a PostgreSQL test database kept inside it (schema <c>test_snapshot</c>): a copy of each table's rows,
/// statement triggers that note each table a test writes, and a function that empties and refills only those tables
/// and sets every sequence back, in one statement. Cheaper than <c>DROP DATABASE</c> + <c>CREATE DATABASE … TEMPLATE</c>
/// (measured in the README), and the app's connections stay open: the worker polling the queue is not cut off. Respawn
/// (on the registry) only empties tables; these tests return to a seeded tree and accounts, which would cost a reseed
/// (password hashing) per test.
/// </summary>
internal sealed class PostgresSnapshot(string connectionString)
{
    private const string Schema = "test_snapshot";

    public void Take()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        // The app's tables and the columns a plain INSERT may write (no generated ones), in the public schema.
        var tables = new List<(string Table, List<string> Columns)>();
        using (var command = new NpgsqlCommand(
            """
            SELECT c.table_name, c.column_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = 'public' AND c.is_generated = 'NEVER'
            ORDER BY c.table_name, c.ordinal_position
            """, connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var table = reader.GetString(0);
                if (SnapshotScope.Kept.Contains(table)) continue;
                if (tables.Count == 0 || tables[^1].Table != table) tables.Add((table, []));
                tables[^1].Columns.Add(SnapshotScope.Quote(reader.GetString(1)));
            }
        }

        var kept = string.Join(", ", SnapshotScope.Kept.Select(SnapshotScope.Literal));
        var sql = new StringBuilder($"""
            DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema};
            CREATE TABLE {Schema}.dirty (name text PRIMARY KEY);
            CREATE TABLE {Schema}.tables (name text PRIMARY KEY, columns text NOT NULL);
            -- Every sequence of the schema but those of the kept tables, with the value a restore sets it back to.
            CREATE TABLE {Schema}.sequences AS
            SELECT format('%I.%I', s.schemaname, s.sequencename) AS name, s.last_value, s.start_value FROM pg_sequences s
            WHERE s.schemaname = 'public' AND NOT EXISTS (
                SELECT 1 FROM pg_depend d JOIN pg_class t ON t.oid = d.refobjid
                WHERE d.objid = format('%I.%I', s.schemaname, s.sequencename)::regclass AND t.relname = ANY (ARRAY[{kept}]));
            CREATE FUNCTION {Schema}.mark() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN INSERT INTO {Schema}.dirty VALUES (TG_TABLE_NAME) ON CONFLICT DO NOTHING; RETURN NULL; END $$;
            CREATE FUNCTION {Schema}.restore() RETURNS void LANGUAGE plpgsql AS $$
            DECLARE t record;
            BEGIN
                -- Foreign keys and triggers are off while refilling (a superuser's setting): the rows are the ones that
                -- satisfied them when copied, the order of the tables does not matter, and the refill marks nothing.
                SET LOCAL session_replication_role = replica;
                FOR t IN SELECT n.name, n.columns FROM {Schema}.tables n JOIN {Schema}.dirty d ON d.name = n.name LOOP
                    EXECUTE format('DELETE FROM public.%I', t.name);
                    EXECUTE format('INSERT INTO public.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM {Schema}.%I', t.name, t.columns, t.columns, t.name);
                END LOOP;
                PERFORM CASE WHEN s.last_value IS NULL THEN setval(s.name, s.start_value, false) ELSE setval(s.name, s.last_value, true) END
                FROM {Schema}.sequences s;
                DELETE FROM {Schema}.dirty;
            END $$;
            """);
        foreach (var (table, columns) in tables)
        {
            var quoted = SnapshotScope.Quote(table);
            sql.Append($"CREATE TABLE {Schema}.{quoted} AS TABLE public.{quoted};")
                .Append($"INSERT INTO {Schema}.tables VALUES ({SnapshotScope.Literal(table)}, {SnapshotScope.Literal(string.Join(", ", columns))});")
                .Append($"CREATE TRIGGER test_dirty AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON public.{quoted} FOR EACH STATEMENT EXECUTE FUNCTION {Schema}.mark();");
        }

        SnapshotScope.Execute(connection, sql.ToString());
    }

    public void Restore()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        SnapshotScope.Execute(connection, $"SELECT {Schema}.restore();");
    }
}
