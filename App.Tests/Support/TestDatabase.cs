using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SchoolAssessment.Persistence;
using SchoolAssessment.Persistence.Postgres;

namespace SchoolAssessment.Tests.Support;

/// <summary>
/// A fresh, migrated database for each app a test starts, on the engine the run asks for:
/// <c>TEST_DATABASE_PROVIDER=Postgres</c> with <c>TEST_DATABASE_CONNECTION</c> (a server login, e.g.
/// <c>Host=127.0.0.1;Port=5432;Username=postgres</c>) runs on PostgreSQL; otherwise SQLite. Either way the
/// migrations run once per test run, into a template, and each database starts as a copy of it: a file copy on
/// SQLite, <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL. A database can be snapshot and restored between tests
/// (<see cref="FreshDatabase.Snapshot"/>): SQLite's online backup; on PostgreSQL a copy of the rows inside the database
/// (<see cref="PostgresSnapshot"/>).
/// </summary>
public static class TestDatabase
{
    public static DatabaseEngine Engine { get; } =
        string.Equals(Environment.GetEnvironmentVariable("TEST_DATABASE_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase)
            ? DatabaseEngine.Postgres
            : DatabaseEngine.Sqlite;

    public static bool IsPostgres => Engine == DatabaseEngine.Postgres;

    private static string PostgresServer =>
        Environment.GetEnvironmentVariable("TEST_DATABASE_CONNECTION") is { Length: > 0 } server ? server : "Host=127.0.0.1;Port=5432;Username=postgres";

    private static readonly Lazy<string> SqliteTemplate = new(CreateSqliteTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string> PostgresTemplate = new(CreatePostgresTemplate, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new database, migrated; SQLite's file goes in <paramref name="folder"/>.</summary>
    public static FreshDatabase Create(string folder)
    {
        if (IsPostgres)
        {
            var name = "sa_test_" + Guid.NewGuid().ToString("N")[..16];
            Admin($"CREATE DATABASE {name} TEMPLATE {PostgresTemplate.Value}");
            var connection = Connection(name);
            var snapshot = new PostgresSnapshot(connection);
            return new FreshDatabase(DatabaseEngine.Postgres, connection, () =>
            {
                NpgsqlConnection.ClearAllPools();
                Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            })
            {
                TakeSnapshot = snapshot.Take,
                RestoreSnapshot = snapshot.Restore,
            };
        }

        var path = Path.Combine(folder, "app.db");
        var copy = Path.Combine(folder, "snapshot.db");
        File.Copy(SqliteTemplate.Value, path, overwrite: true);
        return new FreshDatabase(DatabaseEngine.Sqlite, $"Data Source={path};Pooling=False", () => { })
        {
            // SQLite's online backup, page by page, whatever journal mode the app chose.
            TakeSnapshot = () => Backup($"Data Source={path};Pooling=False", $"Data Source={copy};Pooling=False"),
            RestoreSnapshot = () => Backup($"Data Source={copy};Pooling=False", $"Data Source={path};Pooling=False"),
        };
    }

    private static void Backup(string from, string to)
    {
        using var source = new SqliteConnection(from);
        using var destination = new SqliteConnection(to);
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    /// <summary>Options for a context on a database of <see cref="Create"/>, for tests of persistence without the app.</summary>
    public static AppDbContext Context(FreshDatabase database)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        if (database.Engine == DatabaseEngine.Postgres) options.UseNpgsql(database.ConnectionString);
        else options.UseSqlite(database.ConnectionString);
        return database.Engine == DatabaseEngine.Postgres ? new PostgresAppDbContext(options.Options) : new AppDbContext(options.Options);
    }

    private static string CreateSqliteTemplate()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("school-assessment-template-").FullName, "template.db");
        using (var db = Context(new FreshDatabase(DatabaseEngine.Sqlite, $"Data Source={path};Pooling=False", () => { })))
        {
            db.Database.Migrate();
        }

        SqliteConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        return path;
    }

    private static string CreatePostgresTemplate()
    {
        var name = "sa_template_" + Guid.NewGuid().ToString("N")[..16];
        Admin($"CREATE DATABASE {name}");
        using (var db = Context(new FreshDatabase(DatabaseEngine.Postgres, Connection(name) + ";Pooling=false", () => { })))
        {
            db.Database.Migrate();
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        return name;
    }

    private static string Connection(string database) => new NpgsqlConnectionStringBuilder(PostgresServer) { Database = database }.ToString();

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ToString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}

/// <summary>
/// A copy of a PostgreSQL database's rows kept inside it (schema <c>test_snapshot</c>), and the one statement batch that
/// puts them back: every table emptied and refilled, every sequence set back, in one transaction. Measured against
/// <c>DROP DATABASE</c> + <c>CREATE DATABASE … TEMPLATE</c> (README, tests), and it leaves the app's connections open:
/// the worker polling the queue is not cut off mid-query. Respawn (on the registry) only empties tables; these tests
/// return to a seeded tree and accounts, which would cost a reseed (password hashing) per test.
/// </summary>
internal sealed class PostgresSnapshot(string connectionString)
{
    private const string Schema = "test_snapshot";
    private string? _restore;

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
                if (tables.Count == 0 || tables[^1].Table != table) tables.Add((table, []));
                tables[^1].Columns.Add(Quote(reader.GetString(1)));
            }
        }

        var sequences = new List<string>();
        using (var command = new NpgsqlCommand(
            "SELECT sequencename, last_value, start_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename", connection))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                var sequence = "'public." + Quote(reader.GetString(0)).Replace("'", "''", StringComparison.Ordinal) + "'";
                // A sequence never used starts again at its start; a used one goes on after the value it had reached.
                sequences.Add(reader.IsDBNull(1)
                    ? $"SELECT setval({sequence}, {reader.GetInt64(2)}, false);"
                    : $"SELECT setval({sequence}, {reader.GetInt64(1)}, true);");
            }
        }

        var copy = new System.Text.StringBuilder($"DROP SCHEMA IF EXISTS {Schema} CASCADE; CREATE SCHEMA {Schema};");
        foreach (var (table, _) in tables) copy.Append($"CREATE TABLE {Schema}.{Quote(table)} AS TABLE public.{Quote(table)};");
        Execute(connection, copy.ToString());

        // Foreign keys and triggers are not checked while refilling (replica role, a superuser's setting): the rows are
        // the ones that satisfied them when copied, and the order of the tables then does not matter.
        var restore = new System.Text.StringBuilder("BEGIN; SET LOCAL session_replication_role = replica;");
        restore.Append("TRUNCATE ").AppendJoin(", ", tables.Select(t => "public." + Quote(t.Table))).Append(';');
        foreach (var (table, columns) in tables)
        {
            var list = string.Join(", ", columns);
            restore.Append($"INSERT INTO public.{Quote(table)} ({list}) OVERRIDING SYSTEM VALUE SELECT {list} FROM {Schema}.{Quote(table)};");
        }

        restore.AppendJoin("", sequences).Append("COMMIT;");
        _restore = restore.ToString();
    }

    public void Restore()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute(connection, _restore ?? throw new InvalidOperationException("no snapshot taken"));
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

/// <summary>A database of one app or test: its engine and connection string; disposing drops it (PostgreSQL).</summary>
public sealed class FreshDatabase(DatabaseEngine engine, string connectionString, Action drop) : IDisposable
{
    public DatabaseEngine Engine { get; } = engine;

    public string ConnectionString { get; } = connectionString;

    internal Action TakeSnapshot { get; init; } = () => throw new NotSupportedException();

    internal Action RestoreSnapshot { get; init; } = () => throw new NotSupportedException();

    public bool HasSnapshot { get; private set; }

    /// <summary>Keeps the database as it is now (after a fixture's seeding); <see cref="Restore"/> returns to it.</summary>
    public void Snapshot()
    {
        TakeSnapshot();
        HasSnapshot = true;
    }

    /// <summary>Puts the database back as <see cref="Snapshot"/> kept it: each test starts from the same data.</summary>
    public void Restore()
    {
        if (!HasSnapshot) throw new InvalidOperationException("Snapshot() first: there is nothing to return to.");
        RestoreSnapshot();
    }

    public void Dispose() => drop();
}
