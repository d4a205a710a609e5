using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SchoolAssessment.Persistence;

/// <summary>
/// Inserts many rows of one entity type with one prepared INSERT, for derived and generated data in the hundreds of
/// thousands: EF's SaveChanges costs ~100 µs a row on SQLite (a RETURNING round trip and tracking), this ~10 µs.
/// Table, columns and value conversions come from EF's model, so rows are stored exactly as SaveChanges stores them.
/// Generated keys are not read back, and no interceptor runs: for derived rows and the demo generator's, which are not audited.
/// </summary>
public static class BulkInsert
{
    public static async Task<int> InsertAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken = default)
        where T : class
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert runs inside the caller's transaction");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();
        var columns = entityType.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey())
            .Select(p => (Property: p, Column: p.GetColumnName(table)!, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Getter: p.GetGetter()))
            .ToList();

        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) "
            + $"VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";

        var count = 0;
        foreach (var row in rows)
        {
            // Parameters made by each column's own type mapping: its converter (scaled decimals, UTC times) and its
            // provider type (e.g. a GUID as text on SQLite) apply as in SaveChanges. The statement stays prepared.
            command.Parameters.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                var (property, _, mapping, getter) = columns[i];
                command.Parameters.Add(mapping.CreateParameter(command, $"@p{i}", getter.GetClrValueUsingContainingEntity(row), property.IsNullable));
            }

            count += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return count;
    }
}
