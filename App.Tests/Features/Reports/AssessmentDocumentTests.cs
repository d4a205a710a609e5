using System.Net;
using Microsoft.AspNetCore.Hosting;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Documents;
using SchoolAssessment.Features.Documents.Spreadsheets;
using SchoolAssessment.Tests.Features.Documents;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Reports;

/// <summary>The assessment's documents as a reader downloads them, read back with poppler and the workbook reader.</summary>
public class AssessmentDocumentTests(SchoolTreeFactory app) : IClassFixture<SchoolTreeFactory>, IAsyncLifetime
{
    private int Assessment => app.Assessments[Relation.Own];

    private HttpClient _leader = default!;

    public async Task InitializeAsync() => _leader = await app.LeaderWithPlanAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<byte[]> GetAsync(string document, string contentType)
    {
        var response = await _leader.GetAsync($"/assessments/{Assessment}/{document}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task The_plan_is_a_formal_document_with_its_tasks_by_dimension_and_the_ledger_annexed_in_landscape()
    {
        var pdf = await GetAsync("plan.pdf", "application/pdf");
        Poppler.Keep(pdf, "plan");

        var text = Squeeze(await Poppler.TextAsync(pdf));
        Assert.Contains("测试县委党校K1关于优化发展类县级党校创建标准自评差距的整改方案", text);
        foreach (var heading in new[] { "一、总体要求", "二、整改目标", "三、整改任务", "四、保障措施", "整改任务台账" }) Assert.Contains(heading, text);
        Assert.Contains("）领导体制与党委主体责任", text); // a dimension heading; gates and vetoes come first, so its number varies
        Assert.Contains("我校得分0分（满分100分），等级为", text); // full-width punctuation, as GB/T 9704 sets Chinese text
        Assert.Contains("—1—", text);
        var fonts = await Poppler.FontsAsync(pdf);
        Assert.Contains("NotoSerifSC", fonts);
        Assert.Contains("NotoSansSC", fonts);
        Assert.DoesNotContain(" no  ", fonts.Split('\n').Where(l => l.Contains("Noto")).Select(l => l[^20..]));
        var pages = await Poppler.PagesAsync(pdf);
        Assert.Equal("595 x 842", await Poppler.PageSizeAsync(pdf, 1));
        Assert.Equal("842 x 595", await Poppler.PageSizeAsync(pdf, pages));
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task The_plan_is_typeset_as_gb_t_9704_sets_it()
    {
        var pdf = await GetAsync("plan.pdf", "application/pdf");
        var raw = await Poppler.TextAsync(pdf);

        // Full-width punctuation and quotes next to Chinese, everywhere in the document.
        var offending = raw.Split('\n').Where(ChineseText.HasAsciiPunctuationNextToChinese).ToList();
        Assert.True(offending.Count == 0, "ASCII punctuation next to Chinese: " + string.Join(" | ", offending));
        Assert.DoesNotContain("·", raw); // no "school · date" line under the title

        // Every role has its face: the heavy title (小标宋), 仿宋 body, 黑体 level-1 and 楷体 level-2 headings.
        var fonts = await Poppler.FontsAsync(pdf);
        Assert.Contains("Black", fonts);
        Assert.Contains("LXGWWenKai", fonts);

        // The 附件说明, the last body lines and the 落款 on one page.
        var pages = await Poppler.PagesAsync(pdf);
        var closing = new List<int>();
        for (var page = 1; page <= pages; page++)
        {
            var text = Squeeze(await Poppler.TextAsync(pdf, page));
            if (text.Contains("附件：整改任务台账")) closing.Add(page);
            if (text.Contains("以整改成效推动党校事业高质量发展。")) closing.Add(page);
            if (System.Text.RegularExpressions.Regex.IsMatch(text, @"测试县委党校K1\d{4}年\d{1,2}月\d{1,2}日")) closing.Add(page);
        }

        Assert.Equal(3, closing.Count);
        Assert.Single(closing.Distinct());
        // Page numbers at the outside edge: "— 1 —" at the right of page 1, "— 2 —" at the left of page 2.
        var first = (await Poppler.TextAsync(pdf, 1)).Split('\n').First(l => Squeeze(l) == "—1—");
        var second = (await Poppler.TextAsync(pdf, 2)).Split('\n').First(l => Squeeze(l) == "—2—");
        Assert.True(first.IndexOf('—') > second.IndexOf('—') + 20, $"odd right, even left: '{first}' / '{second}'");
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task The_report_has_the_total_the_dimensions_as_table_and_chart_and_a_signature_block()
    {
        var pdf = await GetAsync("report.pdf", "application/pdf");
        Poppler.Keep(pdf, "report");

        var text = Squeeze(await Poppler.TextAsync(pdf));
        Assert.Contains("测试县委党校K1", text);
        Assert.Contains("一、总体结果", text);
        Assert.Contains("二、各维度得分", text);
        Assert.Contains("评估组组长（签字）", text);
        Assert.Contains("第1页/共", text);
        // The chart is drawn as SVG: its axis labels are text in the PDF, beside the table's.
        Assert.Contains("100%", text);
        Assert.True(text.Split("A领导体制与党委主体责任").Length - 1 >= 2, "the dimension appears in the chart and in the table");

        // Every dimension has its 结论, the red bars their legend, the team its 姓名 (never a login name).
        Assert.Contains("未达到维度最低要求", text);
        Assert.Contains("差距较大", text);
        Assert.Contains("编号", text);
        // Each item says how it is checked, and a gate is marked as the required condition it is.
        Assert.Contains("检查方式：查阅资料", text);
        Assert.Contains("必备", text); // （必备条件）, which the item-name cell may wrap
        Assert.DoesNotContain("t-evaluator", await Poppler.TextAsync(pdf));
        var raw = await Poppler.TextAsync(pdf);
        Assert.DoesNotContain(raw.Split('\n'), ChineseText.HasAsciiPunctuationNextToChinese);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task The_blank_scoring_sheet_lists_every_item_with_its_rule_and_room_for_the_score()
    {
        var pdf = await GetAsync("scoring-sheet.pdf", "application/pdf");
        Poppler.Keep(pdf, "scoring-sheet");
        var text = Squeeze(await Poppler.TextAsync(pdf));

        // Long names wrap inside their cells (and pdftotext interleaves the columns): short ones are read whole.
        var items = SeedLibrary.Get("optimized-development").Items.ToList();
        Assert.All(items, item => Assert.Contains(item.Code, text));
        Assert.All(items.Where(i => i.Name.Length <= 6), item => Assert.Contains(item.Name, text));
        Assert.Contains("评估专家（签字）", text);
    }

    [Fact]
    public async Task The_blank_scoring_sheet_workbook_has_one_row_per_item_with_its_rule_and_an_empty_score()
    {
        var bytes = await GetAsync("scoring-sheet.xlsx", XlsxWriter.ContentType);

        var sheet = XlsxReader.Read(new MemoryStream(bytes)).Single(s => s.Name == "评分表");
        var standard = SeedLibrary.Get("optimized-development");
        var items = sheet.Rows.Where(r => r.Any(c => c.Column == 2 && standard.FindItem(c.Value as string ?? "") is not null)).ToList();
        Assert.Equal(standard.Items.Count(), items.Count);
        Assert.All(items, r => Assert.DoesNotContain(r, c => c.Column == 8)); // the score is left to fill in (after 检查方式)
        Assert.All(items, r => Assert.Contains(r, c => c.Column == 5 && c.Value is string { Length: > 4 }));
    }
}

/// <summary>Without Chromium: the PDFs answer with the reason, the workbooks still come.</summary>
public class DocumentsWithoutChromiumTests(DocumentsWithoutChromiumTests.Factory app) : IClassFixture<DocumentsWithoutChromiumTests.Factory>
{
    public sealed class Factory : SchoolTreeFactory
    {
        protected override void Configure(IWebHostBuilder builder)
        {
            base.Configure(builder);
            builder.UseSetting("Pdf:ChromiumPath", "/nonexistent/chromium");
        }
    }

    [Fact]
    public async Task A_pdf_says_chromium_is_missing_and_the_excel_files_still_work()
    {
        var leader = await app.ClientForAsync(AppRole.SchoolLeader);
        var assessment = app.Assessments[Relation.Own];

        var pdf = await leader.GetAsync($"/assessments/{assessment}/report.pdf");
        var xlsx = await leader.GetAsync($"/assessments/{assessment}/scoring-sheet.xlsx");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pdf.StatusCode);
        Assert.Contains("Chromium", await pdf.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
    }
}
