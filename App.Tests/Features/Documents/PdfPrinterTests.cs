using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Hosting;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>Documents printed by the app's printer with Debian's Chromium, checked with poppler as a reader would.</summary>
[Collection(PdfCollection.Name)]
public class PdfPrinterTests(PdfFixture fixture)
{
    // In points, rounded: Chromium writes A4 as 594.96 x 841.92.
    private const string A4 = "595 x 842";
    private const string A4Landscape = "842 x 595";

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task An_official_document_prints_in_chinese_on_a4_with_page_numbers_web_fonts_and_a_landscape_annex()
    {
        var pdf = await fixture.Printer.PrintAsync<SampleOfficialDocument>(new Dictionary<string, object?>());
        Poppler.Keep(pdf, "official");

        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        var text = Squeeze(await Poppler.TextAsync(pdf));
        Assert.Contains(Sample.OfficialTitle, text);
        Assert.Contains(Sample.Paragraph, text);
        Assert.Contains("—1—", text);
        Assert.Contains("—2—", text);

        // Every glyph, page numbers too, comes from the web fonts, embedded; none from fonts the server happens to have.
        var fonts = await FontsAsync(pdf);
        Assert.Contains(fonts, f => f.Contains("NotoSerifSC", StringComparison.Ordinal));
        Assert.Contains(fonts, f => f.Contains("NotoSansSC", StringComparison.Ordinal));
        AssertOnlyWebFonts(fonts);

        var pages = await Poppler.PagesAsync(pdf);
        Assert.True(pages >= 3, $"{pages} pages");
        Assert.Equal(A4, await Poppler.PageSizeAsync(pdf, 1));
        Assert.Equal(A4, await Poppler.PageSizeAsync(pdf, 2));
        // The annex starts on a page of its own, in landscape, numbered on.
        var annex = 1;
        while (!Squeeze(await Poppler.TextAsync(pdf, annex)).Contains("整改任务台账", StringComparison.Ordinal)) annex++;
        Assert.True(annex > 1, "the annex shares the first page");
        Assert.Equal(A4, await Poppler.PageSizeAsync(pdf, annex - 1));
        Assert.Contains("中共测试县委党校", Squeeze(await Poppler.TextAsync(pdf, annex - 1)));
        var annexText = Squeeze(await Poppler.TextAsync(pdf, annex));
        Assert.StartsWith("附件", annexText);
        Assert.Contains($"—{annex}—", annexText);
        for (var page = annex; page <= pages; page++) Assert.Equal(A4Landscape, await Poppler.PageSizeAsync(pdf, page));
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_report_prints_its_chart_labels_as_text_and_numbers_its_pages_of_the_total()
    {
        var chart = WebUtility.HtmlEncode(Sample.BarChart(["师资队伍", "教学科研", "办学条件"], "维度得分", [86.5m, 72m, 91m]));
        var filler = string.Concat(Enumerable.Repeat($"<p>{Sample.Paragraph}</p>", 40));
        var html = $"""
            <h1 class="doc-title">{Sample.ReportTitle}</h1>
            <p class="doc-meta">2026年11月22日</p>
            <h2 class="doc-section">一、各维度得分</h2>
            <div class="chart" data-chart="{chart}"></div>
            {filler}
            """;

        var pdf = await fixture.Printer.PrintAsync<PrintedDocument>(Sample.Document(Sample.ReportTitle, DocumentKind.Report, Sample.Raw(html), charts: true));
        Poppler.Keep(pdf, "report");

        var pages = await Poppler.PagesAsync(pdf);
        Assert.True(pages >= 2, $"{pages} pages");
        var first = Squeeze(await Poppler.TextAsync(pdf, 1));
        foreach (var label in new[] { "师资队伍", "教学科研", "办学条件", "维度得分", "86.5" }) Assert.Contains(label, first);
        Assert.Contains($"第1页/共{pages}页", first);
        Assert.Contains($"第2页/共{pages}页", Squeeze(await Poppler.TextAsync(pdf, 2)));
        // The running title and the footer are set in the web font too, even a glyph no body text uses (磴 in
        // regular weight); a fallback would show as a Type 3 font. Page 2, as page 1's chart labels have a white
        // halo, which Chromium also writes as Type 3.
        AssertOnlyWebFonts(await FontsAsync(pdf, page: 2));
        // The title heads the pages after the first, not the first itself, where it is the big title.
        Assert.Single(AllIndexesOf(first, Sample.ReportTitle));
        Assert.StartsWith(Sample.ReportTitle, Squeeze(await Poppler.TextAsync(pdf, 2)));
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task Four_documents_printed_at_once_on_a_cold_printer_share_one_browser()
    {
        // A printer of its own, not yet launched: the four prints race to start the browser.
        await using var printer = ActivatorUtilities.CreateInstance<PdfPrinter>(fixture.App.Services);
        var prints = Enumerable.Range(1, 4).Select(i => printer.PrintAsync<PrintedDocument>(
            Sample.Document($"并发文档{i}", DocumentKind.Report, Sample.Raw($"<h1 class=\"doc-title\">并发文档{i}</h1><p>{Sample.Paragraph}</p>"))));

        var pdfs = await Task.WhenAll(prints);

        for (var i = 0; i < pdfs.Length; i++) Assert.Contains($"并发文档{i + 1}", Squeeze(await Poppler.TextAsync(pdfs[i])));
        Assert.Equal(1, printer.LaunchCount);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_printed_page_reaches_neither_the_network_nor_files_outside_wwwroot()
    {
        var html = """
            <link rel="stylesheet" href="https://example.com/x.css" />
            <h1 class="doc-title">离线文档</h1>
            <img src="https://example.com/x.png" alt="" />
            <iframe src="..%2Fappsettings.json"></iframe>
            <iframe src="css/..%2F..%2Fappsettings.json"></iframe>
            <iframe src="js/charts.js"></iframe>
            """;

        var pdf = await fixture.Printer.PrintAsync<PrintedDocument>(Sample.Document("离线文档", DocumentKind.Report, Sample.Raw(html)));
        Poppler.Keep(pdf, "offline");

        var text = Squeeze(await Poppler.TextAsync(pdf));
        Assert.Contains("离线文档", text);
        // A file of wwwroot is served to a frame (its text prints); the app's settings next to wwwroot are not.
        Assert.Contains(Squeeze(File.ReadLines(Path.Combine(fixture.App.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, "js", "charts.js")).First()), text);
        Assert.DoesNotContain("ConnectionStrings", text);
        var blocked = fixture.App.Logs.Messages.Where(m => m.StartsWith("Blocked a request", StringComparison.Ordinal)).ToList();
        Assert.Contains(blocked, m => m.EndsWith("https://example.com/x.css", StringComparison.Ordinal));
        Assert.Contains(blocked, m => m.EndsWith("https://example.com/x.png", StringComparison.Ordinal));
        Assert.Contains(blocked, m => m.Contains("appsettings.json", StringComparison.Ordinal));
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_browser_that_went_away_is_launched_again()
    {
        var printer = fixture.Printer;
        var document = Sample.Document("重启", DocumentKind.Report, Sample.Raw("<p>重启之后</p>"));
        await printer.PrintAsync<PrintedDocument>(document);
        var launches = printer.LaunchCount;
        await printer.PrintAsync<PrintedDocument>(document);
        Assert.Equal(launches, printer.LaunchCount);
        await printer.Browser!.CloseAsync();

        var pdf = await printer.PrintAsync<PrintedDocument>(document);

        Assert.Contains("重启之后", Squeeze(await Poppler.TextAsync(pdf)));
        Assert.Equal(launches + 1, printer.LaunchCount);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_failed_or_cancelled_print_leaves_no_page_open_but_the_warm_ones()
    {
        // A printer of its own: no other test's prints bring a page near its retirement (a successor warming meanwhile).
        await using var printer = Printer(new PdfOptions { WarmPages = 1 });
        await printer.PrintAsync<PrintedDocument>(Sample.Document("预热", DocumentKind.Report, Sample.Raw("<p>预热</p>")));
        var pages = printer.Pages!;
        Assert.Equal(1, pages.Idle);
        Assert.Single(pages.Context.Pages);

        // A chart without the script that draws it: said at once, rather than waited on until the timeout.
        var chartless = Sample.Document("无图", DocumentKind.Report, Sample.Raw("<div class=\"chart\" data-chart=\"{}\"></div>"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => printer.PrintAsync<PrintedDocument>(chartless));
        Assert.Contains("js/charts.js", error.Message);
        Assert.Equal(pages.Idle, pages.Context.Pages.Count);

        // Cancelled at every step of a print: rendering, taking a warm page, opening a new one (none is idle after the
        // first cancellation), writing, settling, printing. Whatever the step, its page is closed when the cancellation
        // returns: the very next look finds only the idle pages open.
        var document = Sample.Document("取消", DocumentKind.Official, Sample.Raw(string.Concat(Enumerable.Repeat($"<p>{Sample.Paragraph}</p>", 200))));
        foreach (var after in new[] { 0, 1, 5, 20, 50, 100, 200, 400, 800 })
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(after));
            try
            {
                await printer.PrintAsync<PrintedDocument>(document, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // Expected; a late cancellation may let the print finish, and then its page is kept.
            }

            Assert.True(pages.Idle == pages.Context.Pages.Count, $"cancelled after {after} ms: {pages.Context.Pages.Count} pages open, {pages.Idle} idle");
        }

        // What is left still prints.
        Assert.Contains("之后", Squeeze(await Poppler.TextAsync(await printer.PrintAsync<PrintedDocument>(
            Sample.Document("之后", DocumentKind.Report, Sample.Raw("<p>之后</p>"))))));
        Assert.Equal(pages.Idle, pages.Context.Pages.Count);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_warm_page_prints_the_next_document_as_if_it_were_the_first()
    {
        await using var printer = Printer(new PdfOptions { WarmPages = 1 });
        var chart = WebUtility.HtmlEncode(Sample.BarChart(["前一图表甲", "前一图表乙"], "前一系列", [86.5m, 91m]));
        var report = Sample.Document(Sample.ReportTitle, DocumentKind.Report,
            Sample.Raw($"<h1 class=\"doc-title\">{Sample.ReportTitle}</h1><div class=\"chart\" data-chart=\"{chart}\"></div>"), charts: true);
        Assert.Contains("前一图表甲", Squeeze(await Poppler.TextAsync(await printer.PrintAsync<PrintedDocument>(report))));

        var official = await printer.PrintAsync<SampleOfficialDocument>(new Dictionary<string, object?>());

        Assert.Equal(1, printer.Pages!.Opened);
        var text = Squeeze(await Poppler.TextAsync(official));
        Assert.Contains(Sample.OfficialTitle, text);
        Assert.Contains("—1—", text);
        foreach (var left in new[] { Sample.ReportTitle, "前一图表", "前一系列", "第1页" }) Assert.DoesNotContain(left, text);
        AssertOnlyWebFonts(await FontsAsync(official));
        Assert.Equal(A4, await Poppler.PageSizeAsync(official, 1));
        Assert.Equal("无图", await TitleAsync(await printer.PrintAsync<PrintedDocument>(Sample.Document("无图", DocumentKind.Report, Sample.Raw("<p>无图</p>")))));

        // The page has run the chart script for an earlier document; a document without it is still refused.
        var chartless = Sample.Document("无图", DocumentKind.Report, Sample.Raw("<div class=\"chart\" data-chart=\"{}\"></div>"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => printer.PrintAsync<PrintedDocument>(chartless));
        Assert.Contains("js/charts.js", error.Message);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task Pages_are_kept_up_to_the_configured_number_and_retired_after_their_share_with_a_warm_successor_in_place()
    {
        await using var printer = Printer(new PdfOptions { WarmPages = 1, PrintsPerPage = 2 });
        var document = Sample.Document("轮换", DocumentKind.Report, Sample.Raw("<p>轮换</p>"));

        // Two at once open two pages; one is kept, and as its next print is its last, its successor is warmed meanwhile.
        await Task.WhenAll(printer.PrintAsync<PrintedDocument>(document), printer.PrintAsync<PrintedDocument>(document));
        var pages = printer.Pages!;
        await pages.LastSuccessor!;
        Assert.Equal(3, pages.Opened);
        Assert.Equal(2, pages.Idle);
        Assert.Equal(2, pages.Context.Pages.Count);

        // The kept page prints its second document and is retired; the successor prints the next one, no page is opened
        // on the request path, and its own successor is warmed in turn.
        await printer.PrintAsync<PrintedDocument>(document);
        Assert.Equal(1, pages.Idle);
        Assert.Single(pages.Context.Pages);
        var successor = pages.LastSuccessor;
        Assert.Contains("轮换", Squeeze(await Poppler.TextAsync(await printer.PrintAsync<PrintedDocument>(document))));
        Assert.NotSame(successor, pages.LastSuccessor);
        await pages.LastSuccessor!;
        Assert.Equal(4, pages.Opened);
        Assert.Equal(2, pages.Idle);
        Assert.Equal(2, pages.Context.Pages.Count);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_successor_is_warmed_with_the_largest_document_its_page_printed_not_the_last()
    {
        // A long plan, then a one-line note as the page's print before its last: warmed with the note, the successor met
        // the next plan cold (the bench's slow prints came every time a page was retired).
        await using var printer = Printer(new PdfOptions { WarmPages = 1, PrintsPerPage = 3 });
        var plan = Sample.Document("长篇方案", DocumentKind.Official, Sample.Raw(string.Concat(Enumerable.Repeat($"<p>{Sample.Paragraph}</p>", 40))));
        var note = Sample.Document("短笺", DocumentKind.Report, Sample.Raw("<p>短笺</p>"));
        await printer.PrintAsync<PrintedDocument>(plan);
        await printer.PrintAsync<PrintedDocument>(note);

        var pages = printer.Pages!;
        await pages.LastSuccessor!;
        Assert.Equal(2, pages.Opened);
        var titles = await Task.WhenAll(pages.Context.Pages.Select(p => p.TitleAsync()));
        Assert.Equal(["短笺", "长篇方案"], titles.Order());
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task A_page_past_its_share_serves_on_until_its_successor_is_warm()
    {
        await using var printer = Printer(new PdfOptions { WarmPages = 1 });
        await printer.PrintAsync<PrintedDocument>(Sample.Document("预热", DocumentKind.Report, Sample.Raw("<p>预热</p>")));
        // Pages of their own in a context of their own, whose successor warms only when the test says.
        var warming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var pages = new WarmPages(await printer.Browser!.NewContextAsync(), "about:blank", _ => { }, (_, _) => warming.Task, keep: 1, printsPerPage: 2);

        var first = await pages.TakeAsync(CancellationToken.None);
        await pages.ReturnAsync(first, "<p>甲</p>");
        var successor = pages.LastSuccessor!;
        Assert.False(successor.IsCompleted);
        Assert.Same(first, await pages.TakeAsync(CancellationToken.None));
        await pages.ReturnAsync(first, "<p>乙</p>");

        // Its share printed, the page is kept and taken at once, rather than the print waiting for the successor.
        var taking = pages.TakeAsync(CancellationToken.None);
        Assert.True(taking.IsCompletedSuccessfully);
        Assert.Same(first, await taking);
        Assert.False(first.Page.IsClosed);

        // Warm now: the old page goes at its next return and the successor serves the next print.
        warming.SetResult();
        await successor;
        await pages.ReturnAsync(first, "<p>丙</p>");
        Assert.True(first.Page.IsClosed);
        var next = await pages.TakeAsync(CancellationToken.None);
        Assert.NotSame(first, next);
        Assert.Equal(2, pages.Opened);
    }

    [Trait("Needs", "Browser")]
    [ChromiumFact]
    public async Task Each_print_is_traced_step_by_step_and_timed_by_how_it_ended()
    {
        using var test = new ActivitySource("PdfPrinterTests");
        var spans = new ConcurrentBag<Activity>();
        using var spanListener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is Telemetry.Name or "PdfPrinterTests",
            Sample = (ref _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(spanListener);
        var measured = new ConcurrentBag<(string Instrument, string? Tag)>();
        using var meterListener = new MeterListener();
        meterListener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.Name && instrument.Name.StartsWith("pdf.", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
        };
        meterListener.SetMeasurementEventCallback<double>((i, _, tags, _) => measured.Add((i.Name, Tag(tags))));
        meterListener.SetMeasurementEventCallback<long>((i, _, tags, _) => measured.Add((i.Name, Tag(tags))));
        meterListener.Start();

        await using var printer = Printer(new PdfOptions { WarmPages = 1 });
        string printedId, failedId;
        using (var parent = test.StartActivity("printed")!)
        {
            printedId = parent.Id!;
            await printer.PrintAsync<PrintedDocument>(Sample.Document("追踪", DocumentKind.Report, Sample.Raw("<p>追踪</p>")));
        }

        using (var parent = test.StartActivity("failed")!)
        {
            failedId = parent.Id!;
            var chartless = Sample.Document("无图", DocumentKind.Report, Sample.Raw("<div class=\"chart\" data-chart=\"{}\"></div>"));
            await Assert.ThrowsAsync<InvalidOperationException>(() => printer.PrintAsync<PrintedDocument>(chartless));
        }

        var printed = Assert.Single(spans, s => s.ParentId == printedId);
        Assert.Equal("pdf print", printed.OperationName);
        Assert.Equal("PrintedDocument", printed.GetTagItem("pdf.document"));
        Assert.Equal("printed", printed.GetTagItem("pdf.outcome"));
        Assert.True((int)printed.GetTagItem("pdf.bytes")! > 1000);
        Assert.Equal(["pdf render", "pdf page", "pdf write", "pdf settle", "pdf output"],
            spans.Where(s => s.ParentId == printed.Id).OrderBy(s => s.StartTimeUtc).Select(s => s.OperationName));
        // The printer's first page was opened for this print: a cold one.
        Assert.Equal(true, spans.Single(s => s.ParentId == printed.Id && s.OperationName == "pdf page").GetTagItem("pdf.page.cold"));

        var failed = Assert.Single(spans, s => s.ParentId == failedId);
        Assert.Equal("failed", failed.GetTagItem("pdf.outcome"));
        Assert.Equal(ActivityStatusCode.Error, failed.Status);
        Assert.Equal(false, spans.Single(s => s.ParentId == failed.Id && s.OperationName == "pdf page").GetTagItem("pdf.page.cold"));

        Assert.Contains(("pdf.print.duration", "printed"), measured);
        Assert.Contains(("pdf.print.duration", "failed"), measured);
        Assert.Contains(("pdf.pages.opened", "print"), measured);

        static string? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags) => tags.Length > 0 ? tags[0].Value as string : null;
    }

    private PdfPrinter Printer(PdfOptions options) =>
        ActivatorUtilities.CreateInstance<PdfPrinter>(fixture.App.Services, Options.Create(options));

    private static async Task<string> TitleAsync(byte[] pdf) =>
        (await Poppler.InfoAsync(pdf)).Split('\n').Single(l => l.StartsWith("Title:", StringComparison.Ordinal))["Title:".Length..].Trim();

    /// <summary>pdffonts' lines, one a font.</summary>
    private static async Task<List<string>> FontsAsync(byte[] pdf, int? page = null) =>
        (await Poppler.FontsAsync(pdf, page)).Split('\n').Skip(2).Where(l => l.Length > 0).ToList();

    private static void AssertOnlyWebFonts(IEnumerable<string> fonts) =>
        Assert.All(fonts, f => Assert.Matches(@"^[A-Z]{6}\+(NotoS(erif|ans)SC|LXGWWenKai)\S* .* yes ", f));

    /// <summary>The text without white space: poppler spaces glyphs and breaks lines as it measures them, not as they were written.</summary>
    private static string Squeeze(string text) => Regex.Replace(text, @"\s+", "");

    private static IEnumerable<int> AllIndexesOf(string text, string value)
    {
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal)) yield return i;
    }
}
