using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Tests.Support;

namespace SchoolAssessment.Tests.Features.Documents;

/// <summary>
/// The app's own PdfPrinter (as registered, on the app's wwwroot), shared by the PDF tests so one warm
/// browser serves them all. Development, so a render that used the root provider for scoped services would fail.
/// </summary>
public sealed class PdfFixture : IAsyncLifetime
{
    public PdfAppFactory App { get; } = new();

    public PdfPrinter Printer => App.Services.GetRequiredService<PdfPrinter>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class PdfCollection : ICollectionFixture<PdfFixture>
{
    public const string Name = "pdf";
}

public sealed class PdfAppFactory : AppFactory
{
    public LogCapture Logs { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Demo:Enabled", "false");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }
}

/// <summary>Keeps every log message, to check what the app reported.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) capture._messages.Enqueue(formatter(state, exception));
        }
    }
}

/// <summary>Poppler's tools on a PDF, as a person checking the file would use them.</summary>
internal static class Poppler
{
    /// <summary>The text of the pages, in reading order (pdftotext -layout keeps each line together).</summary>
    public static Task<string> TextAsync(byte[] pdf, int? page = null) =>
        RunAsync("pdftotext", pdf, page is { } p ? ["-layout", "-f", $"{p}", "-l", $"{p}"] : ["-layout"], "-");

    public static Task<string> FontsAsync(byte[] pdf, int? page = null) =>
        RunAsync("pdffonts", pdf, page is { } p ? ["-f", $"{p}", "-l", $"{p}"] : []);

    public static Task<string> InfoAsync(byte[] pdf, int? page = null) =>
        RunAsync("pdfinfo", pdf, page is { } p ? ["-f", $"{p}", "-l", $"{p}"] : []);

    public static async Task<int> PagesAsync(byte[] pdf) =>
        int.Parse((await InfoAsync(pdf)).Split('\n').Single(l => l.StartsWith("Pages:", StringComparison.Ordinal))["Pages:".Length..].Trim());

    /// <summary>A page's size in whole points, as "595 x 842".</summary>
    public static async Task<string> PageSizeAsync(byte[] pdf, int page)
    {
        var line = (await InfoAsync(pdf, page)).Split('\n').Single(l => l.StartsWith($"Page {page,4} size:", StringComparison.Ordinal));
        var size = line[(line.IndexOf(':') + 1)..line.IndexOf("pts", StringComparison.Ordinal)].Split('x')
            .Select(n => Math.Round(double.Parse(n.Trim(), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture));
        return string.Join(" x ", size);
    }

    /// <summary>Saves the PDF for a person to look at, when PDF_OUT names a folder.</summary>
    public static void Keep(byte[] pdf, string name)
    {
        if (Environment.GetEnvironmentVariable("PDF_OUT") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(Path.Combine(folder, name + ".pdf"), pdf);
        }
    }

    private static async Task<string> RunAsync(string tool, byte[] pdf, string[] args, string? output = null)
    {
        var file = Path.Combine(Path.GetTempPath(), $"pdf-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            start.ArgumentList.Add(file);
            if (output is not null) start.ArgumentList.Add(output);
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {await error}");
            return await text;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
