using Microsoft.EntityFrameworkCore;

namespace SchoolAssessment.Persistence;

/// <summary>
/// The app's database. Created per operation through IDbContextFactory. Add a migration with:
/// <c>dotnet ef migrations add &lt;Name&gt; --project App --output-dir Persistence/Migrations</c>
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    public DbSet<StandardVersion> StandardVersions => Set<StandardVersion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC; SQLite stores text, so say so when reading back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }
}
