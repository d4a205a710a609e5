using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Persistence;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Standings;

/// <summary>
/// <c>demo generate</c> as a script runs it, on a database of the test's own: the tree, the years, the results, the
/// assessments and the supervisor; refused a second time; the same seed gives the same data.
/// </summary>
[Trait("Needs", "Process")]
public sealed partial class ResultsDemoGeneratorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sa-demo-").FullName;

    private string DatabasePath => Path.Combine(_folder, "demo.db");

    private Dictionary<string, string> Environment => new()
    {
        ["ConnectionStrings__Default"] = $"Data Source={DatabasePath};Pooling=False",
        ["Demo__Enabled"] = "false",
        ["Admin__InitialPassword"] = "Keeper2026pass",
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Task<AppProcess.Outcome> GenerateAsync(params string[] extra) =>
        AppProcess.RunAsync(Environment, ["demo", "generate", "--schools", "60", "--years", "2", "--seed", "7", .. extra]);

    [Fact]
    public async Task A_small_run_makes_the_tree_the_years_the_results_and_the_assessments()
    {
        var run = await GenerateAsync();

        Assert.True(run.ExitCode == 0, run.StandardError);
        var levels = await RowsAsync("SELECT Level, COUNT(*), SUM(IsDemo) FROM Schools GROUP BY Level ORDER BY Level");
        Assert.Equal(
            new[] { Row(SchoolLevel.Provincial, 1, 1), Row(SchoolLevel.City, 1, 1), Row(SchoolLevel.County, 6, 6), Row(SchoolLevel.Township, 52, 52) },
            levels);
        Assert.Equal(DemoPlan.RootName, await ScalarAsync("SELECT Name FROM Schools WHERE ParentId IS NULL"));
        Assert.Equal(59L, await ScalarAsync("SELECT COUNT(*) FROM Schools WHERE Path LIKE (SELECT Path FROM Schools WHERE ParentId IS NULL) || '_%'"));

        var lastYear = DateTime.UtcNow.Year - 1;
        Assert.Equal(new[] { Row(lastYear - 1), Row(lastYear) }, await RowsAsync("SELECT DISTINCT Year FROM YearlyIndicatorValues ORDER BY Year"));
        // Every county and township school has both years, but for the few that have not entered the latest one yet.
        var countyPairs = (long)(await ScalarAsync(PairsOf(SchoolLevel.County)))!;
        var townshipPairs = (long)(await ScalarAsync(PairsOf(SchoolLevel.Township)))!;
        Assert.InRange(countyPairs + townshipPairs, (long)(58 * 2 * 0.9), 58 * 2);
        // Two standards for a county school, one for a township school, for each school-year with data.
        Assert.Equal(2 * countyPairs + townshipPairs, await ScalarAsync("SELECT COUNT(*) FROM SchoolResults"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM SchoolResults r WHERE NOT EXISTS (SELECT 1 FROM SchoolItemResults i WHERE i.SchoolResultId = r.Id)"));
        Assert.True((long)(await ScalarAsync("SELECT COUNT(DISTINCT GradeCode) FROM SchoolResults"))! >= 3);
        Assert.True((long)(await ScalarAsync("SELECT COUNT(DISTINCT Passed) FROM SchoolResults WHERE StandardId = 'township-six-haves'"))! == 2);

        var assessments = await RowsAsync("SELECT s.Level, a.Year, a.State, a.SubmittedData IS NOT NULL, a.StandardVersionId IN (SELECT Id FROM StandardVersions) FROM Assessments a JOIN Schools s ON s.Id = a.SchoolId");
        Assert.NotEmpty(assessments);
        Assert.All(assessments, a => Assert.Equal(Row(SchoolLevel.County, lastYear), a[..2]));
        Assert.All(assessments, a => Assert.Equal(1L, a[4]));
        Assert.All(assessments, a => Assert.Equal((long)a[2]! >= 2 ? 1L : 0L, a[3]));
        Assert.True(assessments.Select(a => a[2]).Distinct().Count() >= 2);

        // From 整改中 on, each has its plan and ledger, its lines in several statuses; none before.
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM Assessments WHERE State >= 5 AND Id NOT IN (SELECT AssessmentId FROM RectificationPlans)"));
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM Assessments WHERE State < 5 AND Id IN (SELECT AssessmentId FROM RectificationPlans)"));
        if ((long)(await ScalarAsync("SELECT COUNT(*) FROM RectificationLines"))! > 4)
            Assert.True((long)(await ScalarAsync("SELECT COUNT(DISTINCT Status) FROM RectificationLines"))! >= 3);

        // Generated, not entered by anyone: nothing in the audit trail.
        Assert.Equal(0L, await ScalarAsync("SELECT COUNT(*) FROM AuditEntries"));

        // Into a new database the indexes of the bulk tables are built after the load: they are back as the migrations made them.
        Assert.Equal(await SchemaAsync(await MigratedAsync()), await SchemaAsync(DatabasePath));
        Assert.Equal("ok", await ScalarAsync("PRAGMA integrity_check"));

        var password = PasswordLine().Match(run.StandardOutput);
        Assert.True(password.Success, run.StandardOutput);
        Assert.Matches("^(?=.*[a-z])(?=.*[A-Z])(?=.*[0-9]).{10,}$", password.Groups[1].Value);
        Assert.Equal(await ScalarAsync("SELECT Id FROM Schools WHERE ParentId IS NULL"), await ScalarAsync(
            "SELECT u.SchoolId FROM AspNetUsers u JOIN AspNetUserRoles ur ON ur.UserId = u.Id JOIN AspNetRoles r ON r.Id = ur.RoleId WHERE u.UserName = 'gen-supervisor' AND r.Name = 'Supervisor'"));
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_second_run_is_refused_unless_replacing_and_the_same_seed_gives_the_same_data()
    {
        var first = await GenerateAsync();
        Assert.True(first.ExitCode == 0, first.StandardError);
        var data = await DigestAsync();

        var again = await GenerateAsync();
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--replace", again.StandardError);
        Assert.Equal(60L, await ScalarAsync("SELECT COUNT(*) FROM Schools"));

        var replaced = await GenerateAsync("--replace");
        Assert.True(replaced.ExitCode == 0, replaced.StandardError);
        Assert.Equal(60L, await ScalarAsync("SELECT COUNT(*) FROM Schools"));
        Assert.Equal(data, await DigestAsync());
        Assert.DoesNotMatch(PasswordLine(), replaced.StandardOutput); // the account exists: no new password
        Assert.Equal(await ScalarAsync("SELECT Id FROM Schools WHERE ParentId IS NULL"), await ScalarAsync("SELECT SchoolId FROM AspNetUsers WHERE UserName = 'gen-supervisor'"));

        var other = await AppProcess.RunAsync(Environment, "demo", "generate", "--schools", "60", "--years", "2", "--seed", "8", "--replace");
        Assert.True(other.ExitCode == 0, other.StandardError);
        Assert.NotEqual(data, await DigestAsync());
    }

    [Fact]
    public void The_tree_is_shaped_like_a_province_with_unique_place_names()
    {
        var tree = DemoPlan.Tree(2000, 42);

        Assert.Equal(
            new Dictionary<SchoolLevel, int> { [SchoolLevel.Provincial] = 1, [SchoolLevel.City] = 14, [SchoolLevel.County] = 185, [SchoolLevel.Township] = 1800 },
            tree.GroupBy(s => s.Level).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(tree.Count, tree.Select(s => s.Name).Distinct().Count());
        Assert.All(tree.Skip(1), s => Assert.Equal((int)s.Level - 1, (int)tree[s.ParentIndex!.Value].Level));
        Assert.All(tree.Skip(1), s => Assert.StartsWith(tree[s.ParentIndex!.Value].Region, s.Region));
        Assert.Equal(tree.Select(s => s.Name), DemoPlan.Tree(2000, 42).Select(s => s.Name));
        Assert.NotEqual(tree.Select(s => s.Name), DemoPlan.Tree(2000, 43).Select(s => s.Name));
    }

    /// <summary>A row as SQLite returns it: integers as long.</summary>
    private static object?[] Row(params object[] values) => values.Select(v => (object?)Convert.ToInt64(v)).ToArray();

    private static string PairsOf(SchoolLevel level) =>
        $"SELECT COUNT(*) FROM (SELECT DISTINCT v.SchoolId, v.Year FROM YearlyIndicatorValues v JOIN Schools s ON s.Id = v.SchoolId WHERE s.Level = {(int)level})";

    /// <summary>Every generated value and result by school name (ids differ between runs).</summary>
    private async Task<string> DigestAsync()
    {
        var values = await RowsAsync("SELECT s.Name, s.Region, v.Year, v.IndicatorKey, v.Number, v.Flag FROM YearlyIndicatorValues v JOIN Schools s ON s.Id = v.SchoolId ORDER BY s.Path, v.Year, v.IndicatorKey");
        var results = await RowsAsync("SELECT s.Name, r.StandardId, r.Year, r.Total, r.GradeCode, r.Dimensions FROM SchoolResults r JOIN Schools s ON s.Id = r.SchoolId ORDER BY s.Path, r.StandardId, r.Year");
        var assessments = await RowsAsync("SELECT s.Name, a.StandardId, a.State FROM Assessments a JOIN Schools s ON s.Id = a.SchoolId ORDER BY s.Path, a.StandardId");
        Assert.NotEmpty(values);
        return string.Join("\n", values.Concat(results).Concat(assessments).Select(r => string.Join("|", r)));
    }

    private async Task<object?> ScalarAsync(string sql) => (await RowsAsync(sql)).Single().Single();

    /// <summary>A database the migrations alone made.</summary>
    private async Task<string> MigratedAsync()
    {
        var path = Path.Combine(_folder, "migrated.db");
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
        await db.Database.MigrateAsync();
        return path;
    }

    /// <summary>Every table and index with the statement that made it.</summary>
    private static async Task<List<string>> SchemaAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync()) rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)} {(reader.IsDBNull(3) ? "" : reader.GetString(3))}");
        Assert.Contains(rows, r => r.StartsWith("index IX_SchoolItemResults_StandardId_Year_ItemCode ", StringComparison.Ordinal));
        return rows;
    }

    private async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }

    [GeneratedRegex("gen-supervisor.*密码 ([A-Za-z0-9]+)")]
    private static partial Regex PasswordLine();
}
