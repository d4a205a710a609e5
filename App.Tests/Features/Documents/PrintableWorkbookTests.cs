using System.Net;
using DocumentFormat.OpenXml.Spreadsheet;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Tests.Support;
using static SchoolAssessment.Tests.Features.Documents.SpreadsheetSamples;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>The scoring sheet and the indicator template as they are printed and filled in, read back with the Open XML SDK.</summary>
public class PrintableWorkbookTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>
{
    private static async Task<(byte[] Bytes, string? FileName)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task The_scoring_sheet_caps_each_score_at_the_items_points_adds_up_by_formula_and_locks_the_rest()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var (bytes, _) = await GetAsync(leader, $"/assessments/{app.Assessments[Relation.Own]}/scoring-sheet.xlsx");
        using var document = Open(bytes);
        var sheet = Sheet(document, "评分表");

        // 得分 (H, after 检查方式) between 0 and the row's 分值 (D).
        var cap = sheet.Descendants<DataValidation>().Single(v => v.Type?.Value == DataValidationValues.Custom);
        Assert.StartsWith("H", cap.SequenceOfReferences!.InnerText);
        Assert.Matches(@"^AND\(ISNUMBER\(H(\d+)\),H\1>=0,H\1<=\$D\1\)$", cap.Formula1!.Text);

        // 小计 and 合计 are formulas over the item rows, with their values written for a reader that does not recalculate.
        var formulas = sheet.Descendants<Cell>().Where(c => c.CellFormula is not null).ToList();
        var standard = SeedLibrary.Get("optimized-development");
        Assert.Equal(2 * (standard.Dimensions.Count + 1), formulas.Count);
        var total = formulas.Single(c => c.CellReference!.Value!.StartsWith('D') && c.CellFormula!.Text.Contains('+'));
        Assert.Equal(standard.Max.ToString(System.Globalization.CultureInfo.InvariantCulture), total.CellValue!.Text);
        Assert.All(formulas.Where(c => !c.CellFormula!.Text.Contains('+')), c => Assert.StartsWith("SUM(", c.CellFormula!.Text));

        // Protected: only 得分 and 扣分原因 take input.
        Assert.True(sheet.Descendants<SheetProtection>().Single().Sheet?.Value);
        var itemRow = formulas.Min(c => int.Parse(c.CellReference!.Value![1..])) - 1;
        Assert.False(Format(document, Cell(sheet, $"H{itemRow}")).Protection!.Locked!.Value);
        Assert.False(Format(document, Cell(sheet, $"I{itemRow}")).Protection!.Locked!.Value);
        Assert.Null(Format(document, Cell(sheet, $"E{itemRow}")).Protection);
        Assert.Null(Format(document, Cell(sheet, $"G{itemRow}")).Protection); // 检查方式 is locked like the rule
        Assert.True(document.WorkbookPart!.Workbook.CalculationProperties!.FullCalculationOnLoad!.Value);
    }

    [Fact]
    public async Task The_indicator_template_keeps_its_header_on_screen_shades_county_only_columns_of_township_rows_and_is_named_by_the_school()
    {
        var supervisor = await app.ClientForAsync(AppRole.Supervisor);
        var (bytes, fileName) = await GetAsync(supervisor, $"/schools/{app.Schools[Relation.Own]}/indicators/template.xlsx?year=2022");
        using var document = Open(bytes);
        var sheet = Sheet(document, IndicatorTemplate.SheetName);

        Assert.Contains("测试县委党校K1", fileName);
        // The title is merged over the first ten columns, not across a hundred; the school's columns stay in view.
        Assert.All(sheet.Descendants<MergeCell>(), m => Assert.EndsWith("J", m.Reference!.Value!.Split(':')[1].TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')));
        Assert.Equal(2d, sheet.Descendants<Pane>().Single().HorizontalSplit!.Value);
        var subtitle = Text(document, Cell(sheet, "A2"))!;
        Assert.Contains("第3行表头", subtitle);
        var keyRow = sheet.Descendants<Row>().Single(r => r.RowIndex!.Value == 4);
        Assert.True(keyRow.Hidden?.Value);
        var setup = sheet.Descendants<PageSetup>().Single();
        Assert.Equal((8u, OrientationValues.Landscape), (setup.PaperSize!.Value, setup.Orientation!.Value));

        // The township school's row: the indicators no township standard uses are grey; the county school's row has none.
        var rows = sheet.Descendants<Row>().Where(r => r.RowIndex!.Value > 4).ToList();
        string Name(Row r) => Text(document, r.Elements<Cell>().ElementAt(1)) ?? "";
        var township = rows.Single(r => Name(r) == "测试乡镇党校T1");
        var county = rows.Single(r => Name(r) == "测试县委党校K1");
        int Grey(Row r) => r.Elements<Cell>().Count(c => Fill(document, c).PatternFill?.ForegroundColor?.Rgb?.Value == "FFEDEDED");
        Assert.True(Grey(township) > 10, $"{Grey(township)} grey cells");
        Assert.True(Grey(county) < Grey(township));
    }
}
