using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Assessments;

/// <summary>One school, one standard (pinned to the version in force when it started), one year.</summary>
public sealed class Assessment : IAudited
{
    public int Id { get; set; }

    public int SchoolId { get; set; }

    public School? School { get; set; }

    public required string StandardId { get; set; }

    /// <summary>The exact standard text in force when the assessment started; later edits of seed-data do not change it.</summary>
    public int StandardVersionId { get; set; }

    public StandardVersion? StandardVersion { get; set; }

    public int Year { get; set; }

    public AssessmentState State { get; set; } = AssessmentState.SelfAssessment;

    /// <summary>The school's indicators as submitted (SCORING.md §6 input JSON): evaluators score what was submitted.</summary>
    public string? SubmittedData { get; set; }

    /// <summary>The evaluators' conclusions, recorded with the feedback (反馈意见).</summary>
    public string? Conclusion { get; set; }

    /// <summary>The final result as it stood when the feedback was issued: the lead's scores on the submitted data.</summary>
    public decimal? FinalTotal { get; set; }

    public string? FinalGrade { get; set; }

    /// <summary>The evaluation round (评估轮次) the assessment belongs to, if a supervising school runs one.</summary>
    public int? RoundId { get; set; }

    /// <summary>The day the evaluation team visits the school (现场评估日期), set by the round's organiser.</summary>
    public DateOnly? ScheduledOn { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string CreatedBy { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public List<AssessmentEvaluator> Evaluators { get; set; } = [];

    public string AuditKey => $"{StandardId}/{Year}";

    public int? AuditSchoolId => SchoolId;
}

/// <summary>An evaluator assigned to an assessment; one of them leads.</summary>
public sealed class AssessmentEvaluator
{
    public int AssessmentId { get; set; }

    public required string UserId { get; set; }

    public bool IsLead { get; set; }
}

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.Property(a => a.StandardId).HasMaxLength(100);
        builder.Property(a => a.CreatedBy).HasMaxLength(256);
        builder.Property(a => a.Conclusion).HasMaxLength(10_000);
        builder.Property(a => a.FinalGrade).HasMaxLength(50);
        builder.Property(a => a.State).HasConversion<int>();
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne(a => a.School).WithMany().HasForeignKey(a => a.SchoolId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.StandardVersion).WithMany().HasForeignKey(a => a.StandardVersionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.Evaluators).WithOne().HasForeignKey(e => e.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.SchoolId, a.StandardId, a.Year }).IsUnique();
        builder.HasIndex(a => a.State);
        builder.HasIndex(a => a.RoundId);
        builder.Ignore(a => a.AuditKey);
        builder.Ignore(a => a.AuditSchoolId);
    }
}

internal sealed class AssessmentEvaluatorConfiguration : IEntityTypeConfiguration<AssessmentEvaluator>
{
    public void Configure(EntityTypeBuilder<AssessmentEvaluator> builder)
    {
        builder.HasKey(e => new { e.AssessmentId, e.UserId });
        builder.Property(e => e.UserId).HasMaxLength(450);
        builder.HasIndex(e => e.UserId);
    }
}
