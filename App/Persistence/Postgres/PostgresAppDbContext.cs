using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SchoolAssessment.Persistence.Postgres;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so that its migrations (Persistence/Postgres/Migrations)
/// are told apart from SQLite's: EF picks the migrations whose <c>[DbContext]</c> names the running context's type.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<AppDbContext> options) : AppDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // Text compares and sorts by its characters, as on SQLite (BINARY), whatever locale the cluster was made
        // with: the same list order and the same uniqueness on both engines.
        configurationBuilder.Properties<string>().UseCollation("C");
    }
}

/// <summary>
/// For <c>dotnet ef migrations add … --context PostgresAppDbContext</c>: adding a migration needs no server, only the
/// provider. Set <c>ConnectionStrings__Default</c> to run <c>dotnet ef database update</c> against a real one.
/// </summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__Default") ?? "Host=localhost;Database=school_assessment")
            .Options);
}
