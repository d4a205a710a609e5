using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Scoring;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Persistence;

/// <summary>
/// What the app relies on from its database, checked on the engine of the run (SQLite, or PostgreSQL with
/// <c>TEST_DATABASE_PROVIDER=Postgres</c>): exact decimals that sort as numbers, times read back as UTC, ordinal
/// string comparison, and the bulk writers storing rows as SaveChanges would.
/// </summary>
[Trait("Database", "Any")]
public sealed class EngineBehaviourTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("school-assessment-engine-").FullName;
    private readonly FreshDatabase _database;

    public EngineBehaviourTests() => _database = TestDatabase.Create(_folder);

    public void Dispose()
    {
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<int> SchoolAsync(string name = "县委党校", string region = "某县")
    {
        await using var db = TestDatabase.Context(_database);
        var school = new School { Name = name, Region = region, Level = SchoolLevel.County, CreatedAtUtc = DateTime.UtcNow, UpdatedAtUtc = DateTime.UtcNow };
        db.Schools.Add(school);
        await db.SaveChangesAsync();
        return school.Id;
    }

    [Fact]
    public async Task Decimals_keep_four_places_and_sort_as_numbers_and_times_come_back_UTC()
    {
        var school = await SchoolAsync();
        var local = new DateTime(2026, 3, 1, 8, 30, 0, DateTimeKind.Local);
        await using (var db = TestDatabase.Context(_database))
        {
            foreach (var (key, number) in new[] { ("a", 9m), ("b", 10m), ("c", 12.3456m), ("d", -0.0001m) })
                db.YearlyIndicatorValues.Add(new YearlyIndicatorValue { SchoolId = school, Year = 2025, IndicatorKey = key, Number = number, UpdatedAtUtc = local });
            await db.SaveChangesAsync();
        }

        await using (var db = TestDatabase.Context(_database))
        {
            var sorted = await db.YearlyIndicatorValues.Where(v => v.Number > 0m).OrderBy(v => v.Number).Select(v => v.Number).ToListAsync();
            Assert.Equal([9m, 10m, 12.3456m], sorted);
            Assert.Equal(31.3455m, await db.YearlyIndicatorValues.SumAsync(v => v.Number));
            var stored = await db.YearlyIndicatorValues.FirstAsync(v => v.IndicatorKey == "a");
            Assert.Equal(DateTimeKind.Utc, stored.UpdatedAtUtc.Kind);
            Assert.Equal(local.ToUniversalTime(), stored.UpdatedAtUtc);
        }
    }

    [Fact]
    public async Task Names_are_searched_and_ordered_by_their_characters_on_every_engine()
    {
        await SchoolAsync("Alpha党校", "甲区");
        await SchoolAsync("alpha党校", "乙区");
        await SchoolAsync("Beta党校", "丙区");
        await using var db = TestDatabase.Context(_database);

        // Contains is case-sensitive on both engines (instr on SQLite, strpos on PostgreSQL): one answer everywhere.
        Assert.Equal(["Alpha党校"], await db.Schools.Where(s => s.Name.Contains("Alp")).Select(s => s.Name).ToListAsync());
        Assert.Equal(["乙区"], await db.Schools.Where(s => s.Region.Contains("乙")).Select(s => s.Region).ToListAsync());
        Assert.Equal(2, await db.Schools.CountAsync(s => s.Name.StartsWith("Al") || s.Name.StartsWith("al")));
    }

    [Fact]
    public async Task Bulk_values_are_stored_and_audited_as_SaveChanges_would()
    {
        var school = await SchoolAsync();
        var now = new DateTime(2026, 5, 4, 3, 2, 1, DateTimeKind.Utc);
        await using (var db = TestDatabase.Context(_database))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var writer = BulkValueWriter.Open(db, "导入者", "批量导入", now);
            for (var i = 0; i < 1_500; i++) await writer.WriteAsync(school, 2025, $"k{i}", IndicatorValue.Of(i + 0.25m), null, CancellationToken.None);
            await writer.WriteAsync(school, 2025, "flag", IndicatorValue.Of(true), null, CancellationToken.None);
            await writer.FlushAsync(CancellationToken.None);
            // A change of a value already stored: updated in place, its old value in the trail.
            await writer.WriteAsync(school, 2025, "k7", IndicatorValue.Of(70m), IndicatorValue.Of(7.25m), CancellationToken.None);
            await writer.FlushAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        await using (var db = TestDatabase.Context(_database))
        {
            Assert.Equal(1_501, await db.YearlyIndicatorValues.CountAsync());
            var changed = await db.YearlyIndicatorValues.SingleAsync(v => v.IndicatorKey == "k7");
            Assert.Equal(70m, changed.Number);
            Assert.Equal(now, changed.UpdatedAtUtc);
            Assert.Equal(DateTimeKind.Utc, changed.UpdatedAtUtc.Kind);
            Assert.Equal("导入者", changed.UpdatedBy);
            Assert.True((await db.YearlyIndicatorValues.SingleAsync(v => v.IndicatorKey == "flag")).Flag);
            Assert.Equal(1_499.25m, (await db.YearlyIndicatorValues.SingleAsync(v => v.IndicatorKey == "k1499")).Number);
            Assert.Equal(1_501, await db.YearlyIndicatorValues.Select(v => v.ConcurrencyStamp).Distinct().CountAsync());

            var trail = await db.AuditEntries.Where(a => a.SubjectKey == "2025/k7").OrderBy(a => a.Id).ToListAsync();
            Assert.Equal([(null, "7.25"), ("7.25", "70")], trail.Select(a => (a.OldValue, a.NewValue)));
            Assert.All(trail, a => Assert.Equal((nameof(YearlyIndicatorValue), "Number", "批量导入", (int?)school), (a.Subject, a.Field, a.Reason, a.SchoolId)));
            Assert.Equal("是", (await db.AuditEntries.SingleAsync(a => a.SubjectKey == "2025/flag")).NewValue);
            Assert.Equal(1_502, await db.AuditEntries.CountAsync(a => a.Subject == nameof(YearlyIndicatorValue)));
        }
    }
}
