using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Audit;

namespace SchoolAssessment.Features.Assessments;

/// <summary>Whose score it is: the school's self-assessment, one evaluator's, or the lead evaluator's final one.</summary>
public enum ScoreKind
{
    Self = 1,
    Evaluator = 2,
    Final = 3,
}

/// <summary>
/// One item as scored by one party: the judgement for graded and judgement items, an override with its
/// reason, a comment. Data items need no judgement; saving one marks it reviewed.
/// </summary>
public sealed class ItemScore : IAudited
{
    public long Id { get; set; }

    public int AssessmentId { get; set; }

    /// <summary>The assessment's school, kept here so the audit trail can be read per school.</summary>
    public int SchoolId { get; set; }

    public required string ItemCode { get; set; }

    public ScoreKind Kind { get; set; }

    /// <summary>The evaluator's user id for <see cref="ScoreKind.Evaluator"/>; empty for the school's and the final score.</summary>
    public string Scorer { get; set; } = "";

    public string? Level { get; set; }

    public decimal? Judged { get; set; }

    public decimal? OverrideScore { get; set; }

    public string? OverrideReason { get; set; }

    public string? Comment { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string AuditKey => $"{AssessmentId}/{ItemCode}/{Kind}";

    public int? AuditSchoolId => SchoolId;
}

internal sealed class ItemScoreConfiguration : IEntityTypeConfiguration<ItemScore>
{
    public void Configure(EntityTypeBuilder<ItemScore> builder)
    {
        builder.Property(s => s.ItemCode).HasMaxLength(20);
        builder.Property(s => s.Scorer).HasMaxLength(450);
        builder.Property(s => s.Level).HasMaxLength(20);
        builder.Property(s => s.OverrideReason).HasMaxLength(1000);
        builder.Property(s => s.Comment).HasMaxLength(2000);
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
        builder.Property(s => s.Kind).HasConversion<int>();
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Assessment>().WithMany().HasForeignKey(s => s.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.AssessmentId, s.ItemCode, s.Kind, s.Scorer }).IsUnique();
        builder.Ignore(s => s.AuditKey);
        builder.Ignore(s => s.AuditSchoolId);
    }
}
