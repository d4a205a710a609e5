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

        // Many rows per statement (one prepared multi-row INSERT, the tail row by row): the per-statement cost is shared.
        var perStatement = Math.Clamp(2_000 / Math.Max(1, columns.Count), 1, 100);
        string Insert(int rowCount) =>
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) VALUES "
            + string.Join(", ", Enumerable.Range(0, rowCount).Select(r => $"({string.Join(", ", columns.Select((_, i) => $"@p{r}_{i}"))})"));

        await using var many = transaction.Connection!.CreateCommand();
        many.Transaction = transaction;
        many.CommandText = Insert(perStatement);
        await using var one = transaction.Connection!.CreateCommand();
        one.Transaction = transaction;
        one.CommandText = Insert(1);

        async Task<int> ExecuteAsync(System.Data.Common.DbCommand command, IReadOnlyList<T> batch)
        {
            // Parameters made by each column's own type mapping: its converter (scaled decimals, UTC times) and its
            // provider type (e.g. a GUID as text on SQLite) apply as in SaveChanges.
            command.Parameters.Clear();
            for (var r = 0; r < batch.Count; r++)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var (property, _, mapping, getter) = columns[i];
                    command.Parameters.Add(mapping.CreateParameter(command, $"@p{r}_{i}", getter.GetClrValueUsingContainingEntity(batch[r]!), property.IsNullable));
                }
            }

            return await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var count = 0;
        var pending = new List<T>(perStatement);
        foreach (var row in rows)
        {
            pending.Add(row);
            if (pending.Count < perStatement) continue;
            count += await ExecuteAsync(many, pending);
            pending.Clear();
        }

        foreach (var row in pending) count += await ExecuteAsync(one, [row]);
        return count;
    }
}
