using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Reports;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Reports;

/// <summary>The scoring sheet workbook names how each item is checked (检查方式) and marks gates.</summary>
public class ScoringSheetChecksTests
{
    [Fact]
    public void Each_item_row_names_its_check_methods()
    {
        var standard = SeedLibrary.Get("optimized-development");
        var assessment = new Assessment
        {
            StandardId = standard.Id, Year = 2025,
            School = new School { Name = "测试县委党校", Region = "测试县", Level = SchoolLevel.County },
        };

        var sheet = ScoringSheetWorkbook.Sheet(assessment, standard, SeedLibrary.Value.Indicators);

        var column = sheet.Columns.Select(c => c.Header).ToList().IndexOf("检查方式");
        Assert.True(column > 0);
        var rows = sheet.Rows.ToList();
        var c1 = rows.Single(r => r.Cells[1] as string == "C1");
        Assert.Equal("查阅资料、座谈了解", c1.Cells[column]);
        Assert.EndsWith("（必备条件）", (string)c1.Cells[2]!);
        Assert.All(rows, r => Assert.Equal(sheet.Columns.Count, r.Cells.Count));
    }
}
