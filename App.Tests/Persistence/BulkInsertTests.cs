using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// <see cref="BulkInsert"/> stores every row exactly as SaveChanges does, on the engine of the run: the same rows go into
/// two new databases, one through each, and every stored value (its storage class and its bytes as the driver reads
/// them back) is compared. On SQLite the bulk path binds values itself (<c>SqliteRowWriter</c>), so this is what
/// holds it to Microsoft.Data.Sqlite's own binding: times, GUIDs, scaled decimals, enums, flags, nulls.
/// </summary>
[Trait("Database", "Any")]
public sealed class BulkInsertTests : IDisposable
{
    private static readonly DateTime At = new DateTime(2026, 5, 4, 3, 2, 1, 234, DateTimeKind.Utc).AddTicks(5_678);

    // Local, so the UTC converter has something to do; an exact time so both databases store the same.
    private static readonly DateTime Local = new(2026, 3, 1, 8, 30, 0, DateTimeKind.Local);

    private readonly string _saved = Directory.CreateTempSubdirectory("sa-bulk-saved-").FullName;
    private readonly string _bulk = Directory.CreateTempSubdirectory("sa-bulk-bulk-").FullName;
    private readonly FreshDatabase _savedDatabase;
    private readonly FreshDatabase _bulkDatabase;

    public BulkInsertTests() => (_savedDatabase, _bulkDatabase) = (TestDatabase.Create(_saved), TestDatabase.Create(_bulk));

    public void Dispose()
    {
        _savedDatabase.Dispose();
        _bulkDatabase.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_saved, recursive: true);
        Directory.Delete(_bulk, recursive: true);
    }

    [Fact]
    public async Task Every_table_written_in_bulk_holds_what_SaveChanges_would_store()
    {
        // More rows than one multi-row statement holds, so full and last statements both run.
        await BothAsync(Enumerable.Range(0, 70).Select(i => new School
        {
            Name = $"党校{i}", Level = (SchoolLevel)(i % 4 + 1), Region = "某县", ParentId = null, Path = i % 2 == 0 ? $"/{i:0000000}/" : "",
            IsDemo = i % 3 == 0, CreatedAtUtc = i % 2 == 0 ? At : Local, UpdatedAtUtc = At, ConcurrencyStamp = Stamp(i),
        }));
        await BothAsync(Enumerable.Range(0, 70).Select(i => new YearlyIndicatorValue
        {
            SchoolId = 1 + i % 3, Year = 2025, IndicatorKey = $"k{i}", Number = i % 2 == 0 ? i + 0.0001m * i - 3m : null, Flag = i % 2 == 0 ? null : i % 4 == 1,
            UpdatedAtUtc = i % 5 == 0 ? Local : At, UpdatedBy = "导入者", ConcurrencyStamp = Stamp(i),
        }));
        await BothAsync(Enumerable.Range(0, 3).Select(i => new SchoolResult
        {
            SchoolId = 1 + i, StandardId = "provincial-evaluation", Year = 2025, Total = 87.1234m - i, Max = 100m, GradeCode = "good", GradeName = "良好",
            Passed = i != 1, VetoFailures = i, ItemsMissing = 2, Dimensions = "[{\"code\":\"A\"}]", ComputedAtUtc = At,
        }));
        await BothAsync(Enumerable.Range(0, 70).Select(i => new SchoolItemResult
        {
            SchoolResultId = 1 + i % 3, SchoolId = 1 + i % 3, StandardId = "provincial-evaluation", Year = 2025, ItemCode = $"A{i}",
            Score = 1.5m * i, Lost = i % 3 == 0 ? 0m : 0.25m, Met = i % 2 == 0, Veto = i % 7 == 0,
        }));
        await BothAsync(Enumerable.Range(0, 70).Select(i => new SubtreeFigure
        {
            RootSchoolId = 1 + i % 3, StandardId = "provincial-evaluation", Year = 2025, Key = $"item:{i}", Count = i - 5, Sum = -12.5m * i,
        }));
        await BothAsync(Enumerable.Range(0, 70).Select(i => new AuditEntry
        {
            AtUtc = At, UserName = "导入者", Subject = nameof(YearlyIndicatorValue), SubjectKey = $"2025/k{i}", Field = "Number",
            OldValue = i % 2 == 0 ? null : "1.5", NewValue = "是", Reason = i % 3 == 0 ? null : "批量导入", SchoolId = i % 4 == 0 ? null : 1,
        }));
    }

    private static Guid Stamp(int i) => new($"{i:x8}-abcd-4ef0-9a1b-{i:x12}");

    /// <summary>The rows into one database through SaveChanges, into the other in bulk; then every column of the table compared.</summary>
    private async Task BothAsync<T>(IEnumerable<T> source)
        where T : class
    {
        var rows = source.ToList();
        await using (var db = TestDatabase.Context(_savedDatabase))
        {
            db.SkipAudit = true;
            db.AddRange(rows);
            await db.SaveChangesAsync();
        }

        await using (var db = TestDatabase.Context(_bulkDatabase))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // The same objects: SaveChanges gave them their ids, which a bulk insert leaves to the database.
            Assert.Equal(rows.Count, await BulkInsert.InsertAsync(db, rows));
            await transaction.CommitAsync();
        }

        var saved = await TableAsync<T>(_savedDatabase);
        Assert.Equal(rows.Count, saved.Count);
        Assert.Equal(saved, await TableAsync<T>(_bulkDatabase));
    }

    /// <summary>Every stored value of the table, as the driver reads it (its type tells the storage class), in id order.</summary>
    private static async Task<List<string>> TableAsync<T>(FreshDatabase database)
        where T : class
    {
        await using var db = TestDatabase.Context(database);
        var entity = db.Model.FindEntityType(typeof(T))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema())} ORDER BY {sql.DelimitIdentifier("Id")}";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
                $"{reader.GetName(i)}={(reader.IsDBNull(i) ? "NULL" : $"{reader.GetValue(i).GetType().Name}:{Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")}")));
        }

        return rows;
    }
}
