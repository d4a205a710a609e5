using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using SchoolAssessment.Persistence;
using SchoolAssessment.Persistence.Postgres;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// Each engine's migrations describe the model: a model change without a migration for SQLite or for PostgreSQL
/// fails here (add them with <c>.ci/add-migration &lt;Name&gt;</c>). Needs no server: the check compares the model
/// with the migrations' snapshot.
/// </summary>
public class MigrationsTests
{
    [Fact]
    public void The_SQLite_migrations_cover_the_model()
    {
        using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=:memory:").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "SQLite: dotnet ef migrations add <Name> --project App --context AppDbContext --output-dir Persistence/Migrations");
        Assert.Contains(db.Database.GetMigrations(), m => m.EndsWith("_Initial", StringComparison.Ordinal));
    }

    [Fact]
    public void The_PostgreSQL_migrations_cover_the_model()
    {
        using var db = new PostgresAppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql("Host=localhost;Database=none").Options);
        Assert.False(db.Database.HasPendingModelChanges(), "PostgreSQL: .ci/add-migration <Name> (or the command in docs/architecture.md)");
        // Its own migrations, not SQLite's: the two sets never mix.
        Assert.DoesNotContain(db.Database.GetMigrations(), m => m.EndsWith("_Rectification", StringComparison.Ordinal));
    }

    [Fact]
    public void The_provider_setting_picks_the_engine_and_refuses_others()
    {
        static DatabaseEngine Read(string? value) => DatabaseProvider.Engine(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = value }).Build());

        Assert.Equal(DatabaseEngine.Sqlite, Read(null));
        Assert.Equal(DatabaseEngine.Postgres, Read("postgres"));
        Assert.Contains("Database:Provider", Assert.Throws<InvalidOperationException>(() => Read("Oracle")).Message);
    }
}
