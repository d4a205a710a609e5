using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolAssessment.Features.Audit;

/// <summary>One changed value: who changed what, when, from what to what, and why.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public required string UserName { get; set; }

    /// <summary>What kind of thing changed, e.g. YearlyIndicatorValue, School.</summary>
    public required string Subject { get; set; }

    /// <summary>Which one, in the subject's own terms, e.g. "2026/fulltimeTeachers".</summary>
    public required string SubjectKey { get; set; }

    public required string Field { get; set; }

    public string? OldValue { get; set; }

    public string? NewValue { get; set; }

    public string? Reason { get; set; }

    public int? SchoolId { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Subject).HasMaxLength(50);
        builder.Property(e => e.SubjectKey).HasMaxLength(200);
        builder.Property(e => e.Field).HasMaxLength(100);
        builder.Property(e => e.OldValue).HasMaxLength(2000);
        builder.Property(e => e.NewValue).HasMaxLength(2000);
        builder.Property(e => e.Reason).HasMaxLength(1000);
        builder.HasIndex(e => new { e.SchoolId, e.Subject, e.SubjectKey });
    }
}
