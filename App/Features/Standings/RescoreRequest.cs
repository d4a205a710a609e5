using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolAssessment.Features.Standings;

/// <summary>
/// A school-year whose stored results are due to be recomputed: written in the same transaction as the value that
/// changed, removed in the same transaction as the new results. A row per save (never an upsert, so concurrent saves
/// never collide); the <see cref="RescoreWorker"/> coalesces the rows of one school-year into one rescoring.
/// </summary>
public sealed class RescoreRequest
{
    public long Id { get; set; }

    public int SchoolId { get; set; }

    public int Year { get; set; }

    public DateTime RequestedAtUtc { get; set; }
}

internal sealed class RescoreRequestConfiguration : IEntityTypeConfiguration<RescoreRequest>
{
    public void Configure(EntityTypeBuilder<RescoreRequest> builder)
    {
        // No foreign key: a request outliving its school is simply dropped by the rescoring (a school with no values has no results).
        builder.HasIndex(r => new { r.SchoolId, r.Year });
    }
}
