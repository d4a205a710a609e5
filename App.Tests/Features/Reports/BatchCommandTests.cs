using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Reports;

/// <summary>
/// The batch verbs as a script runs them, on a database of the test's own with the demo tree: a template exported
/// as the demo supervisor, filled in, imported; a bad file refused with its cells on stderr; an unknown account refused.
/// </summary>
public sealed class BatchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sa-cli-").FullName;

    private Dictionary<string, string> Environment => new()
    {
        ["ConnectionStrings__Default"] = $"Data Source={Path.Combine(_folder, "cli.db")};Pooling=False",
        ["Demo__Enabled"] = "true",
        ["Admin__InitialPassword"] = "Keeper2026pass",
    };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_supervisor_exports_the_template_of_its_subtree_and_imports_it_back_filled_in()
    {
        var template = Path.Combine(_folder, "template.xlsx");

        // The first run creates the database with the demo tree; 恩施州委党校 is the demo supervisor's school.
        var exported = await AppProcess.RunAsync(Environment, "export", "template", "--school", "1", "--year", "2025", "--out", template, "--user", "admin");
        Assert.Equal(0, exported.ExitCode);
        Assert.Contains(TemplateRows(template), r => r.Name == "安徽省委党校");
        var enshi = await SchoolIdAsync("恩施州委党校");

        var own = await AppProcess.RunAsync(Environment, "export", "template", "--school", enshi.ToString(), "--year", "2025", "--out", template, "--user", "supervisor");
        Assert.Equal(0, own.ExitCode);
        var subtree = TemplateRows(template);
        Assert.Equal(17, subtree.Count); // 恩施, 利川 and its 15 township schools
        Assert.DoesNotContain(subtree, r => r.Name == "宜昌市委党校");

        var filled = Path.Combine(_folder, "filled.xlsx");
        await File.WriteAllBytesAsync(filled, Filled(subtree.Select(r => (r.Id, 2025, 6m))));
        var imported = await AppProcess.RunAsync(Environment, "import", "indicators", "--file", filled, "--user", "supervisor");
        Assert.Equal(0, imported.ExitCode);
        Assert.Contains("已导入 17 所党校", imported.StandardOutput);

        var refused = await AppProcess.RunAsync(Environment, "export", "template", "--school", "1", "--year", "2025", "--out", template, "--user", "supervisor");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("无权", refused.StandardError);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task A_bad_file_is_refused_with_its_cells_on_stderr_and_an_unknown_account_is_named()
    {
        var filled = Path.Combine(_folder, "bad.xlsx");
        await File.WriteAllBytesAsync(filled, Filled([(1, 2025, -3m)]));

        var bad = await AppProcess.RunAsync(Environment, "import", "indicators", "--file", filled, "--user", "admin");
        var nobody = await AppProcess.RunAsync(Environment, "import", "indicators", "--file", filled, "--user", "nobody");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("第4行", bad.StandardError);
        Assert.Contains("专职教师人数", bad.StandardError);
        Assert.Contains("未写入任何数据", bad.StandardError);
        Assert.Equal(2, nobody.ExitCode);
        Assert.Contains("--user", nobody.StandardError);
    }

    [Trait("Needs", "Process")]
    [Fact]
    public async Task Every_assessment_is_exported_to_a_file_of_its_own_and_only_those_the_account_may_read()
    {
        // Seed 42 assesses one generated school on two standards in the same year.
        var generated = await AppProcess.RunAsync(Environment, "demo", "generate", "--schools", "40", "--years", "1");
        Assert.Equal(0, generated.ExitCode);
        var assessed = await QueryAsync("SELECT a.Id, s.Name, a.SchoolId FROM Assessments a JOIN Schools s ON s.Id = a.SchoolId ORDER BY a.Id");
        Assert.True(assessed.Count >= 3, $"{assessed.Count} assessments generated");
        Assert.Contains(assessed, a => assessed.Count(b => b[2] == a[2]) == 2);
        // And two schools of one name, as 城关镇党校 is in many counties.
        var single = assessed.Where(a => assessed.Count(b => b[2] == a[2]) == 1).Take(2).ToList();
        await QueryAsync($"UPDATE Schools SET Name = '{single[0][1]}' WHERE Id = {single[1][2]}");

        var output = Path.Combine(_folder, "sheets");
        var all = await AppProcess.RunAsync(Environment, "export", "documents", "--kind", "scoring-sheet.xlsx", "--all", "--out", output, "--user", "admin");
        var nothing = await AppProcess.RunAsync(Environment, "export", "documents", "--kind", "scoring-sheet.xlsx", "--all", "--out", Path.Combine(_folder, "none"), "--user", "supervisor");
        var refused = await AppProcess.RunAsync(Environment, "export", "documents", "--kind", "scoring-sheet.xlsx", "--assessment", assessed[0][0], "--out", Path.Combine(_folder, "none"), "--user", "supervisor");

        Assert.Equal(0, all.ExitCode);
        var files = Directory.GetFiles(output).Select(Path.GetFileName).ToList();
        Assert.Equal(assessed.Count, files.Count);
        Assert.Contains($"已导出 {assessed.Count} 个文件", all.StandardError);
        Assert.Contains(files, f => f!.EndsWith("县级党校办学水平评估细则.xlsx", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.EndsWith("优化发展类县级党校创建标准.xlsx", StringComparison.Ordinal));
        Assert.Contains(files, f => f!.EndsWith($"-评估{single[1][0]}.xlsx", StringComparison.Ordinal));
        foreach (var file in Directory.GetFiles(output))
        {
            using var stream = File.OpenRead(file);
            Assert.NotEmpty(XlsxReader.Read(stream));
        }

        // The demo supervisor's subtree holds none of the generated schools.
        Assert.Equal(0, nothing.ExitCode);
        Assert.Contains("没有可导出的文件", nothing.StandardError);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("无权查看", refused.StandardError);
        Assert.False(Directory.Exists(Path.Combine(_folder, "none")) && Directory.EnumerateFiles(Path.Combine(_folder, "none")).Any());
    }

    /// <summary>The rows of a query on the test's database, every column as text.</summary>
    private async Task<List<string[]>> QueryAsync(string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "cli.db")};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        return rows;
    }

    private async Task<int> SchoolIdAsync(string name)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_folder, "cli.db")};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Schools WHERE Name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private static List<(int Id, string Name)> TemplateRows(string path)
    {
        using var file = File.OpenRead(path);
        var sheet = XlsxReader.Read(file).Single(s => s.Name == IndicatorTemplate.SheetName);
        return sheet.Rows.Where(r => r[0].Value is decimal).Select(r => ((int)(decimal)r[0].Value!, (string)r[1].Value!)).ToList();
    }

    private static byte[] Filled(IEnumerable<(int School, int Year, decimal Teachers)> rows)
    {
        var columns = IndicatorTemplate.Columns(SeedLibrary.Value.Indicators);
        var teachers = columns.ToList().FindIndex(c => c.Key == "fulltimeTeachers");
        return XlsxWriter.ToBytes([new SheetSpec(IndicatorTemplate.SheetName, columns, rows.Select(r =>
        {
            var cells = new object?[columns.Count];
            (cells[0], cells[2], cells[teachers]) = (r.School, r.Year, r.Teachers);
            return new SheetRow(cells);
        }).ToList()) { Title = "指标", ShowKeys = true }]);
    }
}
