using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolAssessment.Features.Schools;

internal sealed class SchoolConfiguration : IEntityTypeConfiguration<School>
{
    public void Configure(EntityTypeBuilder<School> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(100);
        builder.Property(s => s.Region).HasMaxLength(100);
        builder.Property(s => s.Path).HasMaxLength(200);
        builder.Property(s => s.Level).HasConversion<int>();
        builder.Property(s => s.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne(s => s.Parent).WithMany().HasForeignKey(s => s.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.Path);
        builder.HasIndex(s => s.Name);
        builder.Ignore(s => s.AuditKey);
        builder.Ignore(s => s.AuditSchoolId);
    }
}
