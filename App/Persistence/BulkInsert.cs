using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace SchoolAssessment.Persistence;

/// <summary>
/// Inserts many rows of one entity type with prepared INSERTs (multi-row on a server), for derived and generated data in the hundreds of
/// thousands: EF's SaveChanges costs ~100 µs a row on SQLite (a RETURNING round trip and tracking), this a few µs.
/// The statement is built from EF's model by the provider's own SQL helper (quoting, parameters, each column's type
/// mapping and converter), so it is the same on SQLite and PostgreSQL and rows are stored exactly as SaveChanges
/// stores them. Generated keys are not read back, and no interceptor runs: for derived rows and the demo
/// generator's, which are not audited (or whose audit rows the caller inserts the same way).
/// </summary>
public static class BulkInsert
{
    /// <summary>Bound parameters per statement: far under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    private const int ParametersPerStatement = 2_000;

    public static async Task<int> InsertAsync<T>(AppDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken = default)
        where T : class
    {
        var (transaction, entityType, table, sql) = Target<T>(db);
        var columns = entityType.GetProperties()
            .Where(p => p.ValueGenerated == ValueGenerated.Never || !p.IsPrimaryKey())
            .Select(p => new Column(p, p.GetColumnName(table)!, (RelationalTypeMapping)p.GetRelationalTypeMapping(), p.GetGetter()))
            .ToList();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        // SQLite runs in the process: its own path binds by position (names looked up per value were half the cost of a row).
        if (!DatabaseProvider.HasRoundTrips(db))
        {
            using var writer = SqliteRowWriter.TryCreate(transaction.Connection!, head, columns.Select(c => c.Mapping).ToList(), columns.Select(c => c.Property).ToList());
            if (writer is not null) return writer.Write(rows, (row, c) => columns[c].ProviderValue(row), cancellationToken);
        }

        // A server is a round trip per statement: many rows each. On SQLite through Microsoft.Data.Sqlite, one prepared
        // row is fastest (a 2,000-parameter statement, each bound by its name, doubled the demo generator's CPU time).
        var rowsPerStatement = DatabaseProvider.HasRoundTrips(db) ? Math.Max(1, ParametersPerStatement / columns.Count) : 1;

        // One prepared statement for full batches, one made for the last, shorter one.
        DbCommand? full = null;
        var count = 0;
        try
        {
            foreach (var batch in rows.Chunk(rowsPerStatement))
            {
                if (batch.Length == rowsPerStatement)
                {
                    full ??= Command(transaction, sql, head, columns, rowsPerStatement);
                    count += await ExecuteAsync(full, sql, columns, batch, cancellationToken);
                }
                else
                {
                    await using var last = Command(transaction, sql, head, columns, batch.Length);
                    count += await ExecuteAsync(last, sql, columns, batch, cancellationToken);
                }
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }

        return count;
    }

    /// <summary>
    /// Sets one column of many rows found by their key, one prepared <c>UPDATE … SET column = @v WHERE key = @k</c> a row,
    /// built as the inserts are (the provider's quoting and each column's type mapping): for values known only once the
    /// rows have their ids, such as a school's path.
    /// </summary>
    public static async Task<int> UpdateAsync<T, TKey, TValue>(AppDbContext db, Expression<Func<T, TValue>> property, IEnumerable<(TKey Key, TValue Value)> rows,
        CancellationToken cancellationToken = default)
        where T : class
    {
        var (transaction, entityType, table, sql) = Target<T>(db);
        var key = entityType.FindPrimaryKey()!.Properties.Single();
        var set = entityType.FindProperty(((MemberExpression)property.Body).Member.Name)
            ?? throw new InvalidOperationException($"{property} is not a mapped property");
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET {sql.DelimitIdentifier(set.GetColumnName(table)!)} = "
            + $"{sql.GenerateParameterNamePlaceholder("v")} WHERE {sql.DelimitIdentifier(key.GetColumnName(table)!)} = {sql.GenerateParameterNamePlaceholder("k")}";
        var (setMapping, keyMapping) = ((RelationalTypeMapping)set.GetRelationalTypeMapping(), (RelationalTypeMapping)key.GetRelationalTypeMapping());
        var count = 0;
        foreach (var (id, value) in rows)
        {
            command.Parameters.Clear();
            command.Parameters.Add(setMapping.CreateParameter(command, sql.GenerateParameterName("v"), value, set.IsNullable));
            command.Parameters.Add(keyMapping.CreateParameter(command, sql.GenerateParameterName("k"), id, nullable: false));
            count += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return count;
    }

    /// <summary>The caller's transaction, the entity's table and the provider's quoting: what every statement here needs.</summary>
    private static (DbTransaction Transaction, IEntityType EntityType, StoreObjectIdentifier Table, ISqlGenerationHelper Sql) Target<T>(AppDbContext db)
        where T : class
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("BulkInsert runs inside the caller's transaction");
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
        return (transaction, entityType, StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema()), db.GetService<ISqlGenerationHelper>());
    }

    private static DbCommand Command(DbTransaction transaction, ISqlGenerationHelper sql, string head, List<Column> columns, int rows)
    {
        var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        var text = new System.Text.StringBuilder(head);
        for (var r = 0; r < rows; r++)
        {
            text.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Count; c++)
            {
                if (c > 0) text.Append(", ");
                text.Append(sql.GenerateParameterNamePlaceholder($"p{r * columns.Count + c}"));
            }

            text.Append(')');
        }

        command.CommandText = text.ToString();
        return command;
    }

    private static async Task<int> ExecuteAsync<T>(DbCommand command, ISqlGenerationHelper sql, List<Column> columns, T[] batch, CancellationToken cancellationToken)
        where T : class
    {
        // Parameters made by each column's own type mapping: its converter (scaled decimals, UTC times) and its
        // provider type (a GUID as text on SQLite, uuid on PostgreSQL) apply as in SaveChanges.
        // The first execution of a statement makes them; the next ones only set their values, converted the same way
        // (a parameter made per value was a third of the cost of a generated row on SQLite).
        var made = command.Parameters.Count > 0;
        for (var r = 0; r < batch.Length; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var column = columns[c];
                if (made)
                {
                    command.Parameters[r * columns.Count + c].Value = column.ProviderValue(batch[r]) ?? DBNull.Value;
                }
                else
                {
                    command.Parameters.Add(column.Mapping.CreateParameter(command, sql.GenerateParameterName($"p{r * columns.Count + c}"),
                        column.Getter.GetClrValueUsingContainingEntity(batch[r]), column.Property.IsNullable));
                }
            }
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record Column(IProperty Property, string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter)
    {
        /// <summary>The row's value as stored, through the column's converter (scaled decimals, UTC times) as in SaveChanges.</summary>
        public object? ProviderValue(object row)
        {
            var value = Getter.GetClrValueUsingContainingEntity(row);
            return Mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }
    }
}
