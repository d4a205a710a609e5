using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Audit;

namespace SchoolAssessment.Features.Rectification;

/// <summary>
/// The 整改方案 of one assessment: the result it starts from, the grade it aims at, and its ledger lines.
/// </summary>
public sealed class RectificationPlan : IAudited
{
    public int Id { get; set; }

    public int AssessmentId { get; set; }

    public int SchoolId { get; set; }

    /// <summary>Whose scores the gaps come from: the evaluators' final scores once feedback is issued, the self-assessment before.</summary>
    public ScoreKind Basis { get; set; }

    public decimal BasisTotal { get; set; }

    public required string BasisGrade { get; set; }

    /// <summary>The grade the plan aims at (整改目标).</summary>
    public string? TargetGrade { get; set; }

    /// <summary>When the whole rectification is due; lines default to it.</summary>
    public DateOnly? TargetDate { get; set; }

    public DateTime GeneratedAtUtc { get; set; }

    public string GeneratedBy { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<RectificationLine> Lines { get; set; } = [];

    public string AuditKey => $"{AssessmentId}/整改方案";

    public int? AuditSchoolId => SchoolId;
}

internal sealed class RectificationPlanConfiguration : IEntityTypeConfiguration<RectificationPlan>
{
    public void Configure(EntityTypeBuilder<RectificationPlan> builder)
    {
        builder.Property(p => p.Basis).HasConversion<int>();
        builder.Property(p => p.BasisGrade).HasMaxLength(50);
        builder.Property(p => p.TargetGrade).HasMaxLength(50);
        builder.Property(p => p.GeneratedBy).HasMaxLength(256);
        builder.Property(p => p.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Assessment>().WithOne().HasForeignKey<RectificationPlan>(p => p.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.AssessmentId).IsUnique();
        builder.HasIndex(p => p.SchoolId);
        builder.HasMany(p => p.Lines).WithOne().HasForeignKey(l => l.PlanId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(p => p.AuditKey);
        builder.Ignore(p => p.AuditSchoolId);
    }
}
