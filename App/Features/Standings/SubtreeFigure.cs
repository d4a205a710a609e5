using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Features.Schools;

namespace SchoolAssessment.Features.Standings;

/// <summary>
/// One figure of a subtree's stored results for one standard and year, kept up to date where results are written
/// (<see cref="SubtreeSummaries"/>), so a dashboard reads a handful of rows however many schools are below.
/// Kept for every school that may have schools below it (any level above township); a township school's subtree is
/// itself, read directly.
/// </summary>
public sealed class SubtreeFigure
{
    /// <summary>All results of the subtree: <see cref="Count"/> schools, <see cref="Sum"/> of their totals.</summary>
    public const string Schools = "schools";

    /// <summary>Results that reach the pass line.</summary>
    public const string Passed = "passed";

    /// <summary>Results with at least one veto item failed.</summary>
    public const string Vetoed = "vetoed";

    public const string GradePrefix = "grade:";

    /// <summary>Results where the item is not met (judgement items included: the reader leaves them out).</summary>
    public const string ItemPrefix = "item:";

    public long Id { get; set; }

    public int RootSchoolId { get; set; }

    public required string StandardId { get; set; }

    public int Year { get; set; }

    public required string Key { get; set; }

    public int Count { get; set; }

    public decimal Sum { get; set; }
}

internal sealed class SubtreeFigureConfiguration : IEntityTypeConfiguration<SubtreeFigure>
{
    public void Configure(EntityTypeBuilder<SubtreeFigure> builder)
    {
        builder.Property(f => f.StandardId).HasMaxLength(100);
        builder.Property(f => f.Key).HasMaxLength(80);
        builder.HasOne<School>().WithMany().HasForeignKey(f => f.RootSchoolId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(f => new { f.RootSchoolId, f.StandardId, f.Year, f.Key }).IsUnique();
    }
}
