using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>
/// Writes yearly indicator values in bulk inside the caller's transaction, each with its audit entry as the
/// <c>AuditInterceptor</c> would write it (field, old value, new value, who, why). New values and all audit entries
/// go in prepared bulk inserts (<see cref="BulkInsert"/>); a changed value is one <c>ExecuteUpdate</c>. Nothing here is
/// written for one engine: the statements come from EF's model, the same on SQLite and PostgreSQL.
/// The caller knows what is stored (it reads each chunk once), so it says whether a value is new or a change.
/// </summary>
internal sealed class BulkValueWriter(AppDbContext db, string userName, string reason, DateTime nowUtc)
{
    private readonly List<YearlyIndicatorValue> _added = [];
    private readonly List<AuditEntry> _audit = [];

    public static BulkValueWriter Open(AppDbContext db, string userName, string reason, DateTime nowUtc) =>
        db.Database.CurrentTransaction is null
            ? throw new InvalidOperationException("BulkValueWriter needs a transaction")
            : new BulkValueWriter(db, userName, reason, nowUtc);

    /// <summary>Writes a value: inserted when <paramref name="old"/> is null, else updated at once; the audit entry is queued.</summary>
    public async Task WriteAsync(int schoolId, int year, string key, IndicatorValue value, IndicatorValue? old, CancellationToken cancellationToken)
    {
        if (old is null)
        {
            _added.Add(new YearlyIndicatorValue
            {
                SchoolId = schoolId, Year = year, IndicatorKey = key, Number = value.Number, Flag = value.Flag,
                UpdatedAtUtc = nowUtc, UpdatedBy = userName, ConcurrencyStamp = Guid.NewGuid(),
            });
        }
        else
        {
            var (number, flag, stamp) = (value.Number, value.Flag, Guid.NewGuid());
            await db.YearlyIndicatorValues.Where(v => v.SchoolId == schoolId && v.Year == year && v.IndicatorKey == key)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(v => v.Number, number).SetProperty(v => v.Flag, flag)
                    .SetProperty(v => v.UpdatedAtUtc, nowUtc).SetProperty(v => v.UpdatedBy, userName)
                    .SetProperty(v => v.ConcurrencyStamp, stamp), cancellationToken);
        }

        _audit.Add(new AuditEntry
        {
            AtUtc = nowUtc, UserName = userName, Subject = nameof(YearlyIndicatorValue), SubjectKey = $"{year}/{key}",
            Field = value.Flag is null ? nameof(YearlyIndicatorValue.Number) : nameof(YearlyIndicatorValue.Flag),
            OldValue = old is { } o ? Text(o) : null, NewValue = Text(value), Reason = reason, SchoolId = schoolId,
        });
    }

    /// <summary>Inserts the queued new values and audit entries; call after each chunk and before committing.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await BulkInsert.InsertAsync(db, _added, cancellationToken);
        await BulkInsert.InsertAsync(db, _audit, cancellationToken);
        _added.Clear();
        _audit.Clear();
    }

    /// <summary>As the audit trail writes a value elsewhere: 是/否, or the number without trailing zeros.</summary>
    private static string Text(IndicatorValue value) =>
        value.Flag is { } f ? (f ? "是" : "否") : value.Number!.Value.ToString("0.####", CultureInfo.InvariantCulture);
}
