using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Features.YearlyData.Import;

/// <summary>
/// Upserts yearly indicator values with two prepared statements inside the caller's transaction: the value
/// (INSERT … ON CONFLICT DO UPDATE, which SQLite and PostgreSQL both speak) and its audit entry, as the
/// <c>AuditInterceptor</c> would write it (field, old value, new value, who, why). Stored forms follow the model's
/// converters: decimals as scaled integers, times as UTC, stamps as upper-case GUID text.
/// </summary>
internal sealed class BulkValueWriter : IAsyncDisposable
{
    private readonly DbCommand _upsert;
    private readonly DbCommand _audit;
    private readonly ScaledDecimalConverter _decimals = new();

    private BulkValueWriter(DbCommand upsert, DbCommand audit)
    {
        _upsert = upsert;
        _audit = audit;
    }

    public static async Task<BulkValueWriter> OpenAsync(AppDbContext db, string userName, string reason, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("BulkValueWriter needs a transaction");
        var upsert = Command(connection, transaction, """
            INSERT INTO "YearlyIndicatorValues" ("SchoolId", "Year", "IndicatorKey", "Number", "Flag", "UpdatedAtUtc", "UpdatedBy", "ConcurrencyStamp")
            VALUES ($school, $year, $key, $number, $flag, $now, $user, $stamp)
            ON CONFLICT ("SchoolId", "Year", "IndicatorKey") DO UPDATE SET
                "Number" = excluded."Number", "Flag" = excluded."Flag", "UpdatedAtUtc" = excluded."UpdatedAtUtc",
                "UpdatedBy" = excluded."UpdatedBy", "ConcurrencyStamp" = excluded."ConcurrencyStamp"
            """, "$school", "$year", "$key", "$number", "$flag", "$now", "$user", "$stamp");
        var audit = Command(connection, transaction, """
            INSERT INTO "AuditEntries" ("AtUtc", "UserName", "Subject", "SubjectKey", "Field", "OldValue", "NewValue", "Reason", "SchoolId")
            VALUES ($now, $user, 'YearlyIndicatorValue', $subjectKey, $field, $old, $new, $reason, $school)
            """, "$now", "$user", "$subjectKey", "$field", "$old", "$new", "$reason", "$school");
        foreach (var command in new[] { upsert, audit })
        {
            command.Parameters["$now"].Value = nowUtc;
            command.Parameters["$user"].Value = userName;
            await command.PrepareAsync(cancellationToken);
        }

        audit.Parameters["$reason"].Value = reason;
        return new BulkValueWriter(upsert, audit);
    }

    public async Task WriteAsync(int schoolId, int year, string key, IndicatorValue value, IndicatorValue? old, CancellationToken cancellationToken)
    {
        var p = _upsert.Parameters;
        p["$school"].Value = schoolId;
        p["$year"].Value = year;
        p["$key"].Value = key;
        p["$number"].Value = value.Number is { } n ? _decimals.ConvertToProvider(n) : DBNull.Value;
        p["$flag"].Value = value.Flag is { } f ? f : DBNull.Value;
        p["$stamp"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
        await _upsert.ExecuteNonQueryAsync(cancellationToken);

        var a = _audit.Parameters;
        a["$school"].Value = schoolId;
        a["$subjectKey"].Value = $"{year}/{key}";
        a["$field"].Value = value.Flag is null ? nameof(YearlyIndicatorValue.Number) : nameof(YearlyIndicatorValue.Flag);
        a["$old"].Value = old is { } o ? Text(o) : DBNull.Value;
        a["$new"].Value = Text(value);
        await _audit.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>As the audit trail writes a value elsewhere: 是/否, or the number without trailing zeros.</summary>
    private static string Text(IndicatorValue value) =>
        value.Flag is { } f ? (f ? "是" : "否") : value.Number!.Value.ToString("0.####", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public async ValueTask DisposeAsync()
    {
        await _upsert.DisposeAsync();
        await _audit.DisposeAsync();
    }
}
