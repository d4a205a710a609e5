using System.Diagnostics.Metrics;
using Microsoft.Playwright;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>A page of <see cref="WarmPages"/>, and how many documents it has printed.</summary>
internal sealed class WarmPage(IPage page)
{
    public IPage Page { get; } = page;

    public int Prints { get; set; }

    /// <summary>Opened for the print that takes it, its fonts not yet decoded: the slow case the warm pages are there to avoid.</summary>
    public bool Cold { get; init; }

    /// <summary>Its successor being warmed, once started (a print before its last).</summary>
    public Task? Successor { get; set; }

    /// <summary>
    /// The largest document it printed: its successor is warmed with it, as it needs the most glyph subsets. Warmed with
    /// the last document instead, a successor that came after a one-line print met the next 30-page plan cold.
    /// </summary>
    public string? Largest { get; set; }
}

/// <summary>
/// The pages of one browser that are kept open between prints, all in one context on the printed documents' origin.
/// A page keeps the fonts it has decoded: the next document written into it loads only the glyph subsets it adds.
/// A fresh page costs a 30-page plan about a second more (seconds on a loaded machine), most of it decoding some sixty
/// woff2 subsets again and laying the document out a second time once they arrive; so a page about to be retired has
/// its successor opened and warmed in the background, with the largest document it printed, and goes only once the
/// successor is warm.
/// </summary>
/// <param name="origin">The address a new page opens first, so the documents' relative links resolve against it.</param>
/// <param name="prepare">Run on each new page, before it opens the origin.</param>
/// <param name="warm">Prints a document (HTML) into a successor in the background, so it has decoded the fonts.</param>
internal sealed class WarmPages(
    IBrowserContext context, string origin, Action<IPage> prepare, Func<IPage, string, Task> warm, int keep, int printsPerPage)
    : IAsyncDisposable
{
    private static readonly Counter<long> PagesOpened = Telemetry.Meter.CreateCounter<long>(
        "pdf.pages.opened", description: "Printer pages opened (pdf.page.for: successor, warmed in the background; print, cold on a request)");

    // Taken from the end (the page that printed last); a warmed successor goes in at the start.
    private readonly List<WarmPage> _idle = [];
    private readonly CancellationTokenSource _closing = new();
    private Successor? _successor;
    private Task<WarmPage?>? _lastSuccessor;
    private int _opened;

    public IBrowserContext Context => context;

    /// <summary>How many pages were opened: a warm page serves the next print instead of a new one.</summary>
    public int Opened => Volatile.Read(ref _opened);

    public int Idle
    {
        get
        {
            lock (_idle) return _idle.Count;
        }
    }

    /// <summary>The last successor started, to wait for in tests (its page goes with the idle ones, or to the print that took it).</summary>
    public Task? LastSuccessor
    {
        get
        {
            lock (_idle) return _lastSuccessor;
        }
    }

    /// <summary>An idle page, else the successor being warmed, else a new page on the documents' origin.</summary>
    public async Task<WarmPage> TakeAsync(CancellationToken cancellationToken)
    {
        Successor? successor;
        lock (_idle)
        {
            if (_idle.Count > 0)
            {
                var idle = _idle[^1];
                _idle.RemoveAt(_idle.Count - 1);
                return idle;
            }

            successor = _successor;
            if (successor is not null) successor.Claimed = true;
            _successor = null;
        }

        // Nearly warm already: cheaper to wait for it than to open a page cold on this request.
        if (successor is not null)
        {
            try
            {
                if (await successor.Warmed.WaitAsync(cancellationToken) is { } warmed) return warmed;
            }
            catch (OperationCanceledException)
            {
                // Not this print's page after all: offered to the next print, or kept now if it is already warm.
                bool offered;
                lock (_idle)
                {
                    offered = !successor.Warmed.IsCompleted && _successor is null;
                    if (offered)
                    {
                        successor.Claimed = false;
                        _successor = successor;
                    }
                }

                if (!offered) await KeepAsync(await successor.Warmed);
                throw;
            }
        }

        var opening = OpenAsync(forPrint: true);
        try
        {
            return await opening.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Left before the page was ready: it is closed before the cancellation returns, or a cancelled print would
            // leave a page open behind it (opening ends within the context's timeout).
            try
            {
                await CloseQuietlyAsync((await opening).Page);
            }
            catch (Exception e) when (e is PlaywrightException or TimeoutException)
            {
                // It did not open.
            }

            throw;
        }
    }

    /// <summary>
    /// Keeps a page that printed <paramref name="html"/> for the next document, unless enough are kept or it has printed
    /// its share and its successor is warm: a page also keeps what earlier documents left behind (script globals, cached
    /// files), so none lives for ever. A print before its last, its successor starts warming in the background with the
    /// largest document it printed.
    /// </summary>
    public async Task ReturnAsync(WarmPage page, string html)
    {
        page.Prints++;
        var largest = page.Largest is { } known && known.Length >= html.Length ? known : page.Largest = html;
        lock (_idle)
        {
            // A page past its share serves on until its successor is warm: a print that waited for the successor took
            // the whole of its warming (a page opened, a 30-page plan printed) on its request, the bench's slowest.
            var kept = (page.Prints < printsPerPage || page.Successor is { IsCompleted: false })
                       && _idle.Count < keep && !page.Page.IsClosed;
            // A page closed only because enough are kept needs no successor.
            if (page.Successor is null && page.Prints >= printsPerPage - 1 && (kept || page.Prints >= printsPerPage)
                && keep > 0 && _successor is null && !_closing.IsCancellationRequested)
            {
                var successor = new Successor();
                _successor = successor;
                // Assigned under the lock, which the successor takes before it finishes.
                page.Successor = successor.Warmed = _lastSuccessor = Task.Run(() => WarmSuccessorAsync(successor, largest));
            }

            if (kept)
            {
                _idle.Add(page);
                return;
            }
        }

        await CloseQuietlyAsync(page.Page);
    }

    /// <summary>Closes a page whose print failed or was cancelled: what state it is in is not known.</summary>
    public static Task DiscardAsync(WarmPage page) => CloseQuietlyAsync(page.Page);

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        lock (_idle) _idle.Clear();
        try
        {
            await context.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // The browser went away with it.
        }
    }

    /// <summary>
    /// A fresh page that has printed <paramref name="html"/>: to the print that claimed it meanwhile, else with the idle
    /// ones. Null if it could not be warmed (the next print opens a page).
    /// </summary>
    private async Task<WarmPage?> WarmSuccessorAsync(Successor successor, string html)
    {
        WarmPage? page = null;
        try
        {
            page = await OpenAsync(forPrint: false);
            await warm(page.Page, html);
            page.Largest = html;
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException or InvalidOperationException or OperationCanceledException)
        {
            if (page is not null) await CloseQuietlyAsync(page.Page);
            page = null;
        }

        lock (_idle)
        {
            if (successor.Claimed) return page;
            _successor = null;
            if (page is not null && !_closing.IsCancellationRequested)
            {
                _idle.Insert(0, page);
                return null;
            }
        }

        if (page is not null) await CloseQuietlyAsync(page.Page);
        return null;
    }

    /// <summary>Puts a warm page with the idle ones, or closes it when enough are kept or the browser is closing.</summary>
    private async Task KeepAsync(WarmPage? page)
    {
        if (page is null) return;
        lock (_idle)
        {
            if (_idle.Count < keep && !_closing.IsCancellationRequested && !page.Page.IsClosed)
            {
                _idle.Insert(0, page);
                return;
            }
        }

        await CloseQuietlyAsync(page.Page);
    }

    private async Task<WarmPage> OpenAsync(bool forPrint)
    {
        var page = await context.NewPageAsync();
        Interlocked.Increment(ref _opened);
        PagesOpened.Add(1, new KeyValuePair<string, object?>("pdf.page.for", forPrint ? "print" : "successor"));
        try
        {
            prepare(page);
            await page.GotoAsync(origin);
            return new WarmPage(page) { Cold = forPrint };
        }
        catch
        {
            await CloseQuietlyAsync(page);
            throw;
        }
    }

    private static async Task CloseQuietlyAsync(IPage page)
    {
        try
        {
            await page.CloseAsync();
        }
        catch (PlaywrightException)
        {
            // Already closed, or the browser itself went away.
        }
    }

    /// <summary>A successor being warmed; claimed by a print that found no idle page.</summary>
    private sealed class Successor
    {
        public Task<WarmPage?> Warmed { get; set; } = default!;

        public bool Claimed { get; set; }
    }
}
