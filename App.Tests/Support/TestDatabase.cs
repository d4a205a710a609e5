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
/// (<see cref="FreshDatabase.Snapshot"/>), copying back only the tables the test wrote: <see cref="SqliteSnapshot"/>,
/// <see cref="PostgresSnapshot"/>.
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
        File.Copy(SqliteTemplate.Value, path, overwrite: true);
        var copy = new SqliteSnapshot(path);
        return new FreshDatabase(DatabaseEngine.Sqlite, $"Data Source={path};Pooling=False", () => { })
        {
            TakeSnapshot = copy.Take,
            RestoreSnapshot = copy.Restore,
        };
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
