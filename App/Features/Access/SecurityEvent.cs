using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolAssessment.Features.Access;

/// <summary>A refused attempt, kept so an administrator can see who tried to reach what.</summary>
public sealed class SecurityEvent
{
    public long Id { get; set; }

    public DateTime AtUtc { get; set; }

    public required string UserName { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public required string RequestPath { get; set; }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.Property(e => e.UserName).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(50);
        builder.Property(e => e.Target).HasMaxLength(200);
        builder.Property(e => e.RequestPath).HasMaxLength(500);
        builder.HasIndex(e => e.AtUtc);
    }
}
