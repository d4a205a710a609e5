using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace SchoolAssessment.Features.Documents.Pdf;

/// <summary>
/// Launches the PDF browser in the background once the web server listens and prints one small document, so its
/// first warm page has decoded the fonts before anyone asks for a PDF (the first one used to take 20 s).
/// Off with <c>Pdf:WarmAtStart=false</c> (the test hosts); the command line never starts it.
/// </summary>
public sealed class PdfWarmup(PdfPrinter printer, IOptions<PdfOptions> options, IHostApplicationLifetime lifetime, ILogger<PdfWarmup> logger)
    : BackgroundService
{
    // One line of every role of an official document, so each face is loaded.
    private static readonly RenderFragment Sample = builder => builder.AddMarkupContent(0,
        "<h1 class=\"doc-title\">整改方案</h1><h2 class=\"doc-section\">一、总体要求</h2><h3 class=\"doc-subsection\">（一）加强组织领导</h3><p>根据评估反馈意见，制定本方案。</p>");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WarmAtStart || !printer.IsAvailable) return;
        try
        {
            // Not while the app starts: launching the browser (a driver process and Chromium) took the CPU the start needs.
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (lifetime.ApplicationStarted.Register(() => listening.TrySetResult()))
            await using (stoppingToken.Register(() => listening.TrySetCanceled(stoppingToken)))
                await listening.Task;

            var started = System.Diagnostics.Stopwatch.StartNew();
            await printer.PrintAsync<PrintedDocument>(new Dictionary<string, object?>
            {
                ["Title"] = "预热", ["Kind"] = DocumentKind.Official, ["ChildContent"] = Sample,
            }, stoppingToken);
            logger.LogInformation("PDF printer warmed in {Elapsed} ms", started.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is PdfUnavailableException or TimeoutException or InvalidOperationException or Microsoft.Playwright.PlaywrightException)
        {
            // The first real print will try again and say why it cannot.
            logger.LogWarning(e, "The PDF printer could not be warmed at start");
        }
    }
}
