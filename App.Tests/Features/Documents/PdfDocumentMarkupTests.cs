using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>The page PrintedDocument writes around a document, before any browser sees it.</summary>
public class PdfDocumentMarkupTests
{
    [Fact]
    public async Task An_official_document_links_the_fonts_and_print_css_and_no_scripts()
    {
        var page = await Markup.RenderAsync<PrintedDocument>(Sample.Document("整改方案", DocumentKind.Official, Sample.Raw("<p>正文</p>")));

        Assert.Equal("zh-CN", page.DocumentElement.GetAttribute("lang"));
        Assert.True(page.DocumentElement.HasAttribute("data-print"));
        Assert.Equal("整改方案", page.Title);
        Assert.Equal(
            // The licensed faces first (empty without Pdf:FontsDirectory), then the shipped ones: the title's heavy serif and 楷体 too.
            ["fonts/licensed.css", "lib/noto-serif-sc/400.css", "lib/noto-serif-sc/700.css", "lib/noto-sans-sc/400.css", "lib/noto-sans-sc/700.css",
             "lib/noto-serif-sc/900.css", "fonts-ofl/lxgw-wenkai.css", "css/print.css"],
            page.QuerySelectorAll("link[rel=stylesheet]").Select(l => l.GetAttribute("href")));
        Assert.Equal("official", page.Body!.ClassName);
        Assert.Equal("正文", page.Body.QuerySelector("p")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("script"));
        Assert.Empty(page.QuerySelectorAll("style"));
    }

    [Fact]
    public async Task A_report_with_charts_loads_echarts_and_charts_js_from_files()
    {
        var page = await Markup.RenderAsync<PrintedDocument>(Sample.Document("报告", DocumentKind.Report, Sample.Raw("<p>正文</p>"), charts: true));

        Assert.Equal("report", page.Body!.ClassName);
        var scripts = page.QuerySelectorAll("script").ToList();
        Assert.Equal(["lib/echarts/echarts.min.js", "js/charts.js"], scripts.Select(s => s.GetAttribute("src")));
        Assert.All(scripts, s => Assert.Empty(s.TextContent));
    }

    [Fact]
    public async Task A_report_title_becomes_the_running_header_escaped_so_it_cannot_break_out()
    {
        const string title = "评估\"报告\"</style><script>alert(1)</script>";
        var page = await Markup.RenderAsync<PrintedDocument>(Sample.Document(title, DocumentKind.Report, Sample.Raw("")));

        Assert.Empty(page.QuerySelectorAll("script"));
        var css = Assert.Single(page.QuerySelectorAll("style")).TextContent;
        // Typeset first: the quotes around Chinese are full-width, as in the document.
        Assert.Equal("@page report { @top-center { content: \"评估\\00201C报告\\00201D\\00003C\\00002Fstyle\\00003E"
            + "\\00003Cscript\\00003Ealert\\0000281\\000029\\00003C\\00002Fscript\\00003E\"; } } "
            + "@page report:first { @top-center { content: none; } }", css);
        Assert.Equal("评估“报告”</style><script>alert(1)</script>", page.Title);
    }
}
