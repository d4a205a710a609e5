using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.Audit;

/// <summary>
/// Writes the audit trail in the same SaveChanges as the change itself, for every <see cref="IAudited"/>
/// entity: one entry per changed property, with the signed-in user and the reason the command gave.
/// Features do not write audit code of their own.
/// </summary>
public sealed class AuditInterceptor(IHttpContextAccessor http, TimeProvider clock) : SaveChangesInterceptor
{
    // Bookkeeping, not content: a stamp or a timestamp changing is not news to the reader of the trail.
    private static readonly HashSet<string> Ignored = ["ConcurrencyStamp", "UpdatedAtUtc", "UpdatedBy", "CreatedAtUtc", "Id", "Path"];

    // A context with SkipAudit set (the demo generator's bulk writes only) writes no trail: generated data is no one's change.
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext { SkipAudit: false } db) Record(db);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext { SkipAudit: false } db) Record(db);
        return base.SavingChanges(eventData, result);
    }

    private void Record(AppDbContext db)
    {
        // Inside a circuit the user is the circuit's (CurrentUser), not the /_blazor connection's context.
        var user = db.AuditUser ?? CurrentUser.AmbientName(http) ?? "(system)";
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = db.ChangeTracker.Entries<IAudited>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();

        foreach (var entry in entries)
        {
            foreach (var property in entry.Properties.Where(p => !Ignored.Contains(p.Metadata.Name) && Changed(entry, p)))
            {
                db.AuditEntries.Add(new AuditEntry
                {
                    AtUtc = now,
                    UserName = user,
                    Subject = entry.Metadata.ClrType.Name,
                    SubjectKey = entry.Entity.AuditKey,
                    Field = property.Metadata.Name,
                    OldValue = entry.State == EntityState.Added ? null : Text(property.OriginalValue),
                    NewValue = entry.State == EntityState.Deleted ? null : Text(property.CurrentValue),
                    Reason = db.AuditReason,
                    SchoolId = entry.Entity.AuditSchoolId,
                });
            }
        }
    }

    private static bool Changed(EntityEntry<IAudited> entry, PropertyEntry property) => entry.State switch
    {
        EntityState.Added => property.CurrentValue is not null,
        EntityState.Deleted => property.OriginalValue is not null,
        _ => property.IsModified && !Equals(property.OriginalValue, property.CurrentValue),
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool b => b ? "是" : "否",
        decimal d => d.ToString("0.####", CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
