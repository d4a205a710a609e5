using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using SchoolAssessment.Persistence.Postgres;

namespace SchoolAssessment.Persistence;

/// <summary>The database engines the app runs on, chosen by <c>Database:Provider</c>.</summary>
public enum DatabaseEngine
{
    /// <summary>One file beside the app: the default, for a school or a county.</summary>
    Sqlite,

    /// <summary>A server, for a province and several instances.</summary>
    Postgres,
}

/// <summary>
/// Reads <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>Postgres</c>) and <c>ConnectionStrings:Default</c>,
/// and points a context's options at that engine. Each engine has its own migrations: SQLite's belong to
/// <see cref="AppDbContext"/> (Persistence/Migrations), PostgreSQL's to <see cref="PostgresAppDbContext"/>
/// (Persistence/Postgres/Migrations); the model is the same.
/// </summary>
public static class DatabaseProvider
{
    public const string DefaultSqlite = "Data Source=App_Data/school-assessment.db";

    public static DatabaseEngine Engine(IConfiguration configuration) =>
        configuration["Database:Provider"] is { Length: > 0 } name
            ? Enum.TryParse<DatabaseEngine>(name, ignoreCase: true, out var engine) && Enum.IsDefined(engine)
                ? engine
                : throw new InvalidOperationException($"Database:Provider 只能是 Sqlite 或 Postgres，而不是“{name}”。")
            : DatabaseEngine.Sqlite;

    /// <summary>Configures the options for the engine in <paramref name="configuration"/>.</summary>
    public static DbContextOptionsBuilder Use(this DbContextOptionsBuilder options, IConfiguration configuration, string contentRoot)
    {
        var connectionString = configuration.GetConnectionString("Default");
        // Migrate would otherwise build the migrations' snapshot model and diff it against the model at every start
        // (a fifth of the migration step's CPU); MigrationsTests makes the same check for both engines at build time.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return Engine(configuration) switch
        {
            DatabaseEngine.Postgres => options.UsePostgres(connectionString
                ?? throw new InvalidOperationException("Database:Provider 为 Postgres 时须设置 ConnectionStrings:Default。")),
            _ => options.UseSqlite(SqliteConnectionString(connectionString ?? DefaultSqlite, contentRoot)),
        };
    }

    public static DbContextOptionsBuilder UsePostgres(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    /// <summary>True when the options point at PostgreSQL: the context made for them is then <see cref="PostgresAppDbContext"/>.</summary>
    public static bool IsPostgres(this DbContextOptions options) =>
        options.Extensions.OfType<RelationalOptionsExtension>().Any(e => e.GetType().Assembly == typeof(NpgsqlDbContextOptionsBuilder).Assembly);

    /// <summary>True when each statement is a trip to a server (PostgreSQL), false for an engine in the process (SQLite).</summary>
    public static bool HasRoundTrips(DbContext db) => !db.Database.IsSqlite();

    /// <summary>A relative SQLite file resolved against the content root, its folder created.</summary>
    public static string SqliteConnectionString(string configured, string contentRoot)
    {
        var connection = new SqliteConnectionStringBuilder(configured);
        if (connection.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(source, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connection.DataSource = path;
        }

        return connection.ToString();
    }
}

/// <summary>
/// Makes the context of the configured engine: <see cref="AppDbContext"/> on SQLite, <see cref="PostgresAppDbContext"/>
/// on PostgreSQL, so that each finds its own migrations. Everything else asks for an <see cref="AppDbContext"/>.
/// </summary>
public sealed class AppDbContextFactory(DbContextOptions<AppDbContext> options) : IDbContextFactory<AppDbContext>
{
    private readonly bool _postgres = options.IsPostgres();

    public AppDbContext CreateDbContext() => _postgres ? new PostgresAppDbContext(options) : new AppDbContext(options);
}

/// <summary>
/// For <c>dotnet ef migrations add … --context SchoolAssessment.Persistence.AppDbContext</c>: SQLite's migrations need
/// no file, only the provider. Without it the tools would take PostgreSQL's factory for this base type too.
/// </summary>
public sealed class SqliteDesignTimeFactory : Microsoft.EntityFrameworkCore.Design.IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
