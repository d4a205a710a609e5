using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolAssessment.Persistence;

internal sealed class StandardVersionConfiguration : IEntityTypeConfiguration<StandardVersion>
{
    public void Configure(EntityTypeBuilder<StandardVersion> builder)
    {
        builder.Property(v => v.StandardId).HasMaxLength(100);
        builder.Property(v => v.Version).HasMaxLength(50);
        builder.Property(v => v.Name).HasMaxLength(200);
        builder.Property(v => v.ContentHash).HasMaxLength(64).IsFixedLength();
        builder.HasIndex(v => new { v.StandardId, v.ContentHash }).IsUnique();
    }
}
