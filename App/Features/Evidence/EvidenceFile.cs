using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Audit;

namespace SchoolAssessment.Features.Evidence;

/// <summary>An evaluator's verdict on an evidence file.</summary>
public enum EvidenceReview
{
    Pending = 0,
    Accepted = 1,
    Rejected = 2,
}

/// <summary>What a file shows: the item as assessed, or the fix of its gap (整改佐证, checked before 销号).</summary>
public enum EvidencePurpose
{
    Assessment = 0,
    Rectification = 1,
}

/// <summary>A 佐证材料 file uploaded for one item of an assessment; the bytes live in the store under their hash.</summary>
public sealed class EvidenceFile : IAudited
{
    public long Id { get; set; }

    public int AssessmentId { get; set; }

    public int SchoolId { get; set; }

    public required string ItemCode { get; set; }

    public required string FileName { get; set; }

    public EvidenceFileKind Kind { get; set; }

    public EvidencePurpose Purpose { get; set; }

    public required string Sha256 { get; set; }

    public long Length { get; set; }

    public DateTime UploadedAtUtc { get; set; }

    public string UploadedBy { get; set; } = "";

    public EvidenceReview Review { get; set; }

    public string? ReviewComment { get; set; }

    public string? ReviewedBy { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string AuditKey => Purpose == EvidencePurpose.Rectification ? $"{AssessmentId}/{ItemCode}/整改/{FileName}" : $"{AssessmentId}/{ItemCode}/{FileName}";

    public int? AuditSchoolId => SchoolId;
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.Property(e => e.ItemCode).HasMaxLength(20);
        builder.Property(e => e.FileName).HasMaxLength(EvidenceFileInspector.MaxNameLength);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.UploadedBy).HasMaxLength(256);
        builder.Property(e => e.ReviewedBy).HasMaxLength(256);
        builder.Property(e => e.ReviewComment).HasMaxLength(1000);
        builder.Property(e => e.Kind).HasConversion<int>();
        builder.Property(e => e.Review).HasConversion<int>();
        builder.Property(e => e.Purpose).HasConversion<int>();
        builder.Property(e => e.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne<Assessment>().WithMany().HasForeignKey(e => e.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.AssessmentId, e.ItemCode });
        builder.Ignore(e => e.AuditKey);
        builder.Ignore(e => e.AuditSchoolId);
    }
}
