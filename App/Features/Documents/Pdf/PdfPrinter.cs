using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>
/// Prints Razor components to PDF with headless Chromium. One browser serves the whole process: it is
/// launched on the first print (a launch costs seconds) and again if it went away. Its pages live on a fake
/// origin whose requests are answered from wwwroot, so a printed page never reaches the network or calls the
/// app over HTTP. Pages are kept warm between prints (<see cref="WarmPages"/>): each document is written
/// into a page that has already loaded the stylesheets and decoded the fonts.
/// </summary>
public sealed class PdfPrinter(
    IOptions<PdfOptions> options,
    IServiceScopeFactory scopes,
    IWebHostEnvironment environment,
    DocumentFonts fonts,
    ILogger<PdfPrinter> logger) : IAsyncDisposable
{
    /// <summary>The printed page's address: relative links in the document resolve against it.</summary>
    internal static readonly Uri DocumentUrl = new("http://document.local/");

    // As the browser tests launch it, and no host name resolves: nothing may leave the machine.
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND",
    ];

    // What a new page loads first: the documents are then written into it.
    private const string Origin = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\" /></head><body></body></html>";

    // Run in the page once it has loaded: every chart drawn, then every font its text needs (chart labels may
    // ask for more). Page margin boxes are laid out only when printing: PrintedDocument sets their glyphs unseen.
    // The script is looked for in the document, not the window: a warm page keeps an earlier document's globals.
    private const string SettleScript = """
        async () => {
            const charts = [...document.querySelectorAll('[data-chart]')];
            if (charts.length > 0 && !document.querySelector('script[src$="js/charts.js"]'))
                return 'the document has [data-chart] elements but no js/charts.js (PrintedDocument Charts="true")';
            while (charts.some(c => !c.hasAttribute('data-chart-drawn')))
                await new Promise(resolve => setTimeout(resolve, 10));
            const failed = charts.filter(c => c.dataset.chartDrawn === 'error');
            if (failed.length > 0)
                return 'chart not drawn: ' + failed.map(c => c.dataset.chartError).join('; ');
            await document.fonts.ready;
            return null;
        }
        """;

    // A new instance each print: Playwright is handed it and may keep it.
    private static PagePdfOptions PrintOptions() => new()
    {
        Format = "A4",
        PreferCSSPageSize = true,
        PrintBackground = true,
        // Page numbers come from the stylesheet's @page margin boxes.
        DisplayHeaderFooter = false,
        // Tagged (accessible) PDF: five times the size for a 30-page document, and slower to write.
        Tagged = false,
    };

    // A span per print ("pdf print") with one per step beneath it, and the time of each print by how it ended.
    private static readonly Histogram<double> PrintDuration = Telemetry.Meter.CreateHistogram<double>(
        "pdf.print.duration", "ms", "Time to print one PDF, from the component's render to the file (pdf.outcome: printed, failed, cancelled, timeout)");

    private readonly PdfOptions _options = options.Value;
    private readonly SemaphoreSlim _launch = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private WarmPages? _pages;
    private int _launchCount;
    private bool _disposed;

    /// <summary>Whether Chromium is installed where the options say.</summary>
    public bool IsAvailable => File.Exists(_options.ChromiumPath);

    /// <summary>How many times a browser was launched: one warm browser serves every PDF.</summary>
    internal int LaunchCount => Volatile.Read(ref _launchCount);

    /// <summary>The warm browser, if one is running (tests close it to check that the next print relaunches it).</summary>
    internal IBrowser? Browser => _browser;

    /// <summary>The running browser's warm pages.</summary>
    internal WarmPages? Pages => _pages;

    /// <summary>Renders <typeparamref name="TComponent"/> (a whole HTML page, usually through <see cref="PrintedDocument"/>) and prints it.</summary>
    /// <exception cref="PdfUnavailableException">Chromium is missing or does not start.</exception>
    public async Task<byte[]> PrintAsync<TComponent>(IDictionary<string, object?> parameters, CancellationToken cancellationToken = default)
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(parameters);
        EnsureAvailable();
        return await MeasuredAsync(typeof(TComponent).Name, async () =>
        {
            string html;
            using (Telemetry.Source.StartActivity("pdf render")) html = await RenderAsync<TComponent>(parameters);
            return await PrintCoreAsync(html, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Prints a whole HTML page; its relative links are served from wwwroot.</summary>
    /// <exception cref="PdfUnavailableException">Chromium is missing or does not start.</exception>
    /// <exception cref="TimeoutException">The page did not print within the configured time.</exception>
    public async Task<byte[]> PrintHtmlAsync(string html, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        EnsureAvailable();
        return await MeasuredAsync("html", () => PrintCoreAsync(html, cancellationToken), cancellationToken);
    }

    private static async Task<byte[]> MeasuredAsync(string document, Func<Task<byte[]>> print, CancellationToken cancellationToken)
    {
        using var activity = Telemetry.Source.StartActivity("pdf print");
        activity?.SetTag("pdf.document", document);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var pdf = await print();
            outcome = "printed";
            activity?.SetTag("pdf.bytes", pdf.Length);
            return pdf;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        catch (TimeoutException)
        {
            outcome = "timeout";
            throw;
        }
        finally
        {
            activity?.SetTag("pdf.outcome", outcome);
            if (outcome != "printed") activity?.SetStatus(ActivityStatusCode.Error, outcome);
            PrintDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("pdf.outcome", outcome));
        }
    }

    private async Task<byte[]> PrintCoreAsync(string html, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        var stop = deadline.Token;
        WarmPage? warm = null;
        try
        {
            WarmPages pages;
            using (var step = Telemetry.Source.StartActivity("pdf page"))
            {
                pages = await WarmPagesAsync(stop);
                warm = await pages.TakeAsync(stop);
                step?.SetTag("pdf.page.cold", warm.Cold && warm.Prints == 0);
                step?.SetTag("pdf.page.prints", warm.Prints);
            }

            var page = warm.Page;
            // Each step is left as soon as the print is cancelled or late: Playwright does not always return
            // when a page is closed under it, and the page is closed below.
            using (Telemetry.Source.StartActivity("pdf write")) await page.SetContentAsync(html).WaitAsync(stop);
            using (Telemetry.Source.StartActivity("pdf settle"))
            {
                if (await page.EvaluateAsync<string?>(SettleScript).WaitAsync(stop) is { } problem)
                    throw new InvalidOperationException("The document cannot be printed: " + problem);
            }

            byte[] pdf;
            using (Telemetry.Source.StartActivity("pdf output")) pdf = await page.PdfAsync(PrintOptions()).WaitAsync(stop);
            await pages.ReturnAsync(warm, html);
            warm = null;
            return pdf;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The PDF was not printed within {_options.TimeoutSeconds} s.", e);
        }
        finally
        {
            if (warm is not null) await WarmPages.DiscardAsync(warm);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _launch.WaitAsync();
        try
        {
            if (_pages is not null) await _pages.DisposeAsync();
            if (_browser is not null) await _browser.DisposeAsync();
            _playwright?.Dispose();
            _pages = null;
            _browser = null;
            _playwright = null;
        }
        finally
        {
            _launch.Release();
        }
    }

    private void EnsureAvailable()
    {
        if (!IsAvailable)
            throw new PdfUnavailableException($"服务器未安装 Chromium（{_options.ChromiumPath}），暂时无法生成 PDF；Excel 导出不受影响。");
    }

    private async Task<string> RenderAsync<TComponent>(IDictionary<string, object?> parameters) where TComponent : IComponent
    {
        // A scope per render: components may use scoped services, which the root provider refuses in Development.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            return output.ToHtmlString();
        });
    }

    /// <summary>Prints a document into a successor page in the background, so it has decoded the fonts that document needs.</summary>
    private async Task WarmAsync(IPage page, string html)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(_options.TimeoutSeconds));
        await page.SetContentAsync(html).WaitAsync(deadline.Token);
        if (await page.EvaluateAsync<string?>(SettleScript).WaitAsync(deadline.Token) is { } problem)
            throw new InvalidOperationException("The document cannot be printed: " + problem);
        await page.PdfAsync(PrintOptions()).WaitAsync(deadline.Token);
    }

    private void OnScriptError(IPage page) =>
        page.PageError += (_, error) => logger.LogWarning("Script error in a printed document: {Error}", error);

    /// <summary>The running browser's pages; the browser is launched first if there is none or it went away.</summary>
    private async Task<WarmPages> WarmPagesAsync(CancellationToken cancellationToken)
    {
        if (_browser is { IsConnected: true } && _pages is { } running) return running;
        await _launch.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_browser is { IsConnected: true } && _pages is { } launched) return launched;
            if (_browser is not null)
            {
                logger.LogWarning("The PDF browser went away; launching it again");
                if (_pages is not null) await _pages.DisposeAsync();
                await _browser.DisposeAsync();
                _pages = null;
                _browser = null;
            }

            try
            {
                _playwright ??= await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = _options.ChromiumPath,
                    Headless = true,
                    Args = LaunchArgs,
                    Timeout = _options.TimeoutSeconds * 1000f,
                });
                Interlocked.Increment(ref _launchCount);
                var context = await _browser.NewContextAsync(new BrowserNewContextOptions
                {
                    Locale = "zh-CN",
                    ServiceWorkers = ServiceWorkerPolicy.Block,
                });
                context.SetDefaultTimeout(_options.TimeoutSeconds * 1000f);
                await context.RouteAsync("**/*", AnswerAsync);
                _pages = new WarmPages(context, DocumentUrl.AbsoluteUri, OnScriptError, WarmAsync, _options.WarmPages, _options.PrintsPerPage);
            }
            catch (PlaywrightException e)
            {
                logger.LogError(e, "Chromium at {Path} did not start", _options.ChromiumPath);
                throw new PdfUnavailableException($"服务器上的 Chromium（{_options.ChromiumPath}）无法启动，暂时无法生成 PDF；Excel 导出不受影响。", e);
            }

            return _pages;
        }
        finally
        {
            _launch.Release();
        }
    }

    /// <summary>Answers every request of a printed page: the document itself, files of wwwroot, and nothing else.</summary>
    private async Task AnswerAsync(IRoute route)
    {
        var url = route.Request.Url;
        try
        {
            if (route.Request.Method != "GET")
            {
                await BlockAsync(route, url);
            }
            else if (url == DocumentUrl.AbsoluteUri)
            {
                await route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "text/html; charset=utf-8", Body = Origin });
            }
            else if (url.StartsWith(DocumentUrl.AbsoluteUri + "fonts/", StringComparison.Ordinal)
                     && fonts.Resolve(Uri.UnescapeDataString(url[DocumentUrl.AbsoluteUri.Length..])) is { } font)
            {
                await route.FulfillAsync(font.Path.Length == 0
                    ? new RouteFulfillOptions { Status = 200, ContentType = font.ContentType, Body = fonts.Stylesheet }
                    : new RouteFulfillOptions { Status = 200, ContentType = font.ContentType, BodyBytes = await File.ReadAllBytesAsync(font.Path) });
            }
            else if (WebRootFiles.Resolve(environment.WebRootPath, DocumentUrl, url) is { } file)
            {
                await route.FulfillAsync(new RouteFulfillOptions
                {
                    Status = 200, ContentType = file.ContentType, BodyBytes = await File.ReadAllBytesAsync(file.Path),
                });
            }
            else
            {
                await BlockAsync(route, url);
            }
        }
        catch (PlaywrightException)
        {
            // The print ended (finished, failed or cancelled) while this request was being answered.
        }
        catch (IOException e)
        {
            // Unanswered, the request would hold the page until the timeout.
            logger.LogWarning(e, "A file of a printed document could not be read: {Url}", url);
            try
            {
                await route.AbortAsync("failed");
            }
            catch (PlaywrightException)
            {
                // The print ended meanwhile.
            }
        }
    }

    private Task BlockAsync(IRoute route, string url)
    {
        logger.LogWarning("Blocked a request of a printed document: {Url}", url);
        return route.AbortAsync("blockedbyclient");
    }
}
