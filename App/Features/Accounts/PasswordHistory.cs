using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SchoolAssessment.Features.Accounts;

/// <summary>The hash of a password a user had before, so the policy can refuse it again for a while.</summary>
public sealed class PreviousPassword
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string PasswordHash { get; set; }

    public DateTime ReplacedAtUtc { get; set; }
}

internal sealed class PreviousPasswordConfiguration : IEntityTypeConfiguration<PreviousPassword>
{
    public void Configure(EntityTypeBuilder<PreviousPassword> builder)
    {
        builder.ToTable("PreviousPasswords");
        builder.Property(p => p.UserId).HasMaxLength(450);
        builder.Property(p => p.PasswordHash).HasMaxLength(500);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.UserId, p.Id });
    }
}

/// <summary>
/// Keeps the replaced hash whenever a user's password hash changes (a change, a reset, a rehash), in the same
/// SaveChanges as the change, whichever Identity call made it.
/// </summary>
public sealed class PasswordHistoryInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Record(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private void Record(DbContext? db)
    {
        if (db is null) return;
        foreach (var entry in db.ChangeTracker.Entries<ApplicationUser>().Where(e => e.State == EntityState.Modified).ToList())
        {
            var property = entry.Property(u => u.PasswordHash);
            if (property.IsModified && property.OriginalValue is { Length: > 0 } old && old != property.CurrentValue)
                db.Set<PreviousPassword>().Add(new PreviousPassword { UserId = entry.Entity.Id, PasswordHash = old, ReplacedAtUtc = clock.GetUtcNow().UtcDateTime });
        }
    }
}
