using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Rounds;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.YearlyData;

namespace SchoolAssessment.Persistence;

/// <summary>
/// The app's database, with ASP.NET Core Identity's tables. Created per operation through IDbContextFactory.
/// Add a migration with:
/// <c>dotnet ef migrations add &lt;Name&gt; --project App --output-dir Persistence/Migrations</c>
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<ApplicationUser>(options)
{
    public DbSet<StandardVersion> StandardVersions => Set<StandardVersion>();

    public DbSet<School> Schools => Set<School>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<YearlyIndicatorValue> YearlyIndicatorValues => Set<YearlyIndicatorValue>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<Assessment> Assessments => Set<Assessment>();

    public DbSet<ItemScore> ItemScores => Set<ItemScore>();

    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();

    public DbSet<RectificationPlan> RectificationPlans => Set<RectificationPlan>();

    public DbSet<RectificationLine> RectificationLines => Set<RectificationLine>();

    public DbSet<EvaluationRound> EvaluationRounds => Set<EvaluationRound>();

    public DbSet<SchoolResult> SchoolResults => Set<SchoolResult>();

    public DbSet<SchoolItemResult> SchoolItemResults => Set<SchoolItemResult>();

    public DbSet<Features.Api.PersonalAccessToken> PersonalAccessTokens => Set<Features.Api.PersonalAccessToken>();

    /// <summary>The reason a command gives for its change; the audit trail records it with each changed value.</summary>
    public string? AuditReason { get; set; }

    /// <summary>Who the change is for, where there is no request to ask (a background import, the command line).</summary>
    public string? AuditUser { get; set; }

    /// <summary>
    /// Set only by the demo generator's bulk writes: generated data is no one's change, and a trail entry per property
    /// of hundreds of thousands of rows would outweigh the data itself.
    /// </summary>
    public bool SkipAudit { get; set; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC; SQLite stores text, so say so when reading back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();

        // Scores, money and indicator values sort and filter in SQL on SQLite too.
        configurationBuilder.Properties<decimal>().HaveConversion<ScaledDecimalConverter>();
    }
}
