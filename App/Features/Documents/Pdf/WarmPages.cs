using Microsoft.Playwright;

namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>A page of <see cref="WarmPages"/>, and how many documents it has printed.</summary>
internal sealed class WarmPage(IPage page)
{
    public IPage Page { get; } = page;

    public int Prints { get; set; }
}

/// <summary>
/// The pages of one browser that are kept open between prints, all in one context on the printed documents' origin.
/// A page keeps the fonts it has decoded: the next document written into it loads only the glyph subsets it adds.
/// A fresh page costs a 30-page plan about a second more, most of it decoding some sixty woff2 subsets again and
/// laying the document out a second time once they arrive.
/// </summary>
/// <param name="origin">The address a new page opens first, so the documents' relative links resolve against it.</param>
/// <param name="prepare">Run on each new page, before it opens the origin.</param>
internal sealed class WarmPages(IBrowserContext context, string origin, Action<IPage> prepare, int keep, int printsPerPage) : IAsyncDisposable
{
    private readonly Stack<WarmPage> _idle = new();
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

    /// <summary>An idle page, or a new one on the documents' origin.</summary>
    public async Task<WarmPage> TakeAsync(CancellationToken cancellationToken)
    {
        lock (_idle)
        {
            if (_idle.TryPop(out var idle)) return idle;
        }

        var opening = OpenAsync();
        try
        {
            return await opening.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Left before the page was ready: close it whenever it is.
            _ = opening.ContinueWith(t => CloseQuietlyAsync(t.Result.Page), CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>
    /// Keeps a page that printed for the next document, unless enough are kept or it has printed its share: a page
    /// also keeps what earlier documents left behind (script globals, cached files), so none lives for ever.
    /// </summary>
    public async Task ReturnAsync(WarmPage page)
    {
        page.Prints++;
        lock (_idle)
        {
            if (page.Prints < printsPerPage && _idle.Count < keep && !page.Page.IsClosed)
            {
                _idle.Push(page);
                return;
            }
        }

        await CloseQuietlyAsync(page.Page);
    }

    /// <summary>Closes a page whose print failed or was cancelled: what state it is in is not known.</summary>
    public static Task DiscardAsync(WarmPage page) => CloseQuietlyAsync(page.Page);

    public async ValueTask DisposeAsync()
    {
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

    private async Task<WarmPage> OpenAsync()
    {
        var page = await context.NewPageAsync();
        Interlocked.Increment(ref _opened);
        try
        {
            prepare(page);
            await page.GotoAsync(origin);
            return new WarmPage(page);
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
}
