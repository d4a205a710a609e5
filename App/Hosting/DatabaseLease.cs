using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Hosting;

/// <summary>
/// A named lease in the database: while <see cref="ExpiresAtUtc"/> is ahead, only <see cref="Holder"/> does the work it
/// names (start-up preparation, the background queue). A holder that dies stops renewing, and another takes over after expiry.
/// </summary>
public sealed class DatabaseLease
{
    public required string Name { get; set; }

    public required string Holder { get; set; }

    public DateTime ExpiresAtUtc { get; set; }
}

internal sealed class DatabaseLeaseConfiguration : IEntityTypeConfiguration<DatabaseLease>
{
    public void Configure(EntityTypeBuilder<DatabaseLease> builder)
    {
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(100);
        builder.Property(l => l.Holder).HasMaxLength(200);
    }
}

/// <summary>This process among the app's instances: the name it holds leases under.</summary>
public sealed record InstanceIdentity(string Name)
{
    public static InstanceIdentity ForThisProcess() =>
        new($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}");
}

/// <summary>
/// Takes, renews and gives back <see cref="DatabaseLease"/>s with single conditional statements (no provider-specific
/// SQL), so two instances racing for one lease get one winner on SQLite and PostgreSQL alike.
/// </summary>
public sealed class LeaseStore(IDbContextFactory<AppDbContext> dbFactory, TimeProvider clock)
{
    public const string Startup = "startup";

    public const string Background = "background";

    /// <summary>Takes the lease if it is free, expired or already ours (then renews it); true when this holder has it until now + <paramref name="duration"/>.</summary>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var taken = await db.DatabaseLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAtUtc < now))
            .ExecuteUpdateAsync(u => u.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAtUtc, until), cancellationToken);
        if (taken == 1) return true;
        if (await db.DatabaseLeases.AnyAsync(l => l.Name == name, cancellationToken)) return false;

        db.DatabaseLeases.Add(new DatabaseLease { Name = name, Holder = holder, ExpiresAtUtc = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance inserted it first: theirs.
            return false;
        }
    }

    /// <summary>Gives the lease back at once (on a clean stop), so another instance need not wait for it to expire.</summary>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.DatabaseLeases.Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Who holds the lease now, if anyone (for the readiness report).</summary>
    public async Task<string?> HolderAsync(string name, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DatabaseLeases.Where(l => l.Name == name && l.ExpiresAtUtc >= now).Select(l => l.Holder).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Waits until this holder has the lease: instances starting together prepare the database one after the other.</summary>
    public async Task AcquireAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        while (!await TryAcquireAsync(name, holder, duration, cancellationToken))
            await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
    }
}
