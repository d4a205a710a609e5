using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.YearlyData;

/// <summary>One indicator a school entered for one year: a number or a yes/no. Not entered: no row.</summary>
public sealed class YearlyIndicatorValue : IAudited
{
    public long Id { get; set; }

    public int SchoolId { get; set; }

    public School? School { get; set; }

    public int Year { get; set; }

    public required string IndicatorKey { get; set; }

    public decimal? Number { get; set; }

    public bool? Flag { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    public string UpdatedBy { get; set; } = "";

    /// <summary>Changed on every save, so two people saving the same value cannot overwrite each other unseen.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public string AuditKey => $"{Year}/{IndicatorKey}";

    public int? AuditSchoolId => SchoolId;
}

internal sealed class YearlyIndicatorValueConfiguration : IEntityTypeConfiguration<YearlyIndicatorValue>
{
    public void Configure(EntityTypeBuilder<YearlyIndicatorValue> builder)
    {
        builder.Property(v => v.IndicatorKey).HasMaxLength(100);
        builder.Property(v => v.UpdatedBy).HasMaxLength(256);
        builder.Property(v => v.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne(v => v.School).WithMany().HasForeignKey(v => v.SchoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.SchoolId, v.Year, v.IndicatorKey }).IsUnique();
        builder.Ignore(v => v.AuditKey);
        builder.Ignore(v => v.AuditSchoolId);
    }
}
