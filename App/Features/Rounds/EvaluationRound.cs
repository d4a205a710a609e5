using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Rounds;

/// <summary>
/// An evaluation round (评估轮次): a supervising school assesses the schools of its subtree against one
/// standard for one year, on a schedule. The round's schools are the assessments linked to it.
/// </summary>
public sealed class EvaluationRound : IAudited
{
    public int Id { get; set; }

    /// <summary>E.g. 2025年度县级党校办学水平评估.</summary>
    public required string Name { get; set; }

    public required string StandardId { get; set; }

    public int Year { get; set; }

    /// <summary>The supervising school that runs the round; its subtree is the round's reach.</summary>
    public int OwnerSchoolId { get; set; }

    public School? OwnerSchool { get; set; }

    public DateOnly StartsOn { get; set; }

    public DateOnly EndsOn { get; set; }

    public string? Notes { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public string CreatedBy { get; set; } = "";

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    // The id is not known before the first save, so the trail names the round by its year and name.
    public string AuditKey => $"{Year}/{Name}";

    public int? AuditSchoolId => OwnerSchoolId;
}

internal sealed class EvaluationRoundConfiguration : IEntityTypeConfiguration<EvaluationRound>
{
    public void Configure(EntityTypeBuilder<EvaluationRound> builder)
    {
        builder.Property(r => r.Name).HasMaxLength(100);
        builder.Property(r => r.StandardId).HasMaxLength(100);
        builder.Property(r => r.Notes).HasMaxLength(2000);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.Property(r => r.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne(r => r.OwnerSchool).WithMany().HasForeignKey(r => r.OwnerSchoolId).OnDelete(DeleteBehavior.Restrict);
        // An assessment is the school's own record: it outlives the round it was run in.
        builder.HasMany<Assessment>().WithOne().HasForeignKey(a => a.RoundId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(r => r.OwnerSchoolId);
        builder.HasIndex(r => new { r.StandardId, r.Year });
        builder.Ignore(r => r.AuditKey);
        builder.Ignore(r => r.AuditSchoolId);
    }
}
