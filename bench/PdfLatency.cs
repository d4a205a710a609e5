using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.Rectification.Pages;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Bench;

/// <summary>
/// `dotnet run -c Release --project bench -- pdf-latency [prints]`: the 31-page 整改方案 printed again and again by one
/// warm printer, each print followed by an empty page on the same printer (the floor), as the app prints them: its
/// pages retired after their share of prints and replaced meanwhile. Percentiles of the wall time of each, not a mean,
/// as the slow print every 25th was the problem.
/// </summary>
internal static class PdfLatency
{
    public static async Task<int> RunAsync(int prints)
    {
        var folder = Directory.CreateTempSubdirectory("sa-pdf-").FullName;
        try
        {
            await using var app = BenchApp.Start(folder);
            var printer = app.Services.GetRequiredService<PdfPrinter>();
            var plan = new Dictionary<string, object?> { ["View"] = DocumentBenchmarks.View(app.Services.GetRequiredService<StandardLibrary>(), 50) };
            var empty = new Dictionary<string, object?>
            {
                ["Title"] = "空白", ["Kind"] = DocumentKind.Official, ["ChildContent"] = (RenderFragment)(_ => { }),
            };

            // Where a plan's print goes, step by step (the printer's own spans).
            var steps = new Dictionary<string, List<double>>();
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == SchoolAssessment.Hosting.Telemetry.Name,
                Sample = (ref _) => ActivitySamplingResult.AllData,
                ActivityStopped = a =>
                {
                    if (a.Parent?.GetTagItem("pdf.document") is not nameof(PlanDocument)) return;
                    lock (steps)
                    {
                        if (!steps.TryGetValue(a.OperationName, out var times)) steps[a.OperationName] = times = [];
                        times.Add(a.Duration.TotalMilliseconds);
                    }
                },
            };
            ActivitySource.AddActivityListener(listener);

            // The browser's launch and the first page's fonts are not what is measured (the app warms them at start).
            await printer.PrintAsync<PlanDocument>(plan);
            await printer.PrintAsync<PrintedDocument>(empty);

            var planTimes = new List<double>();
            var emptyTimes = new List<double>();
            for (var i = 0; i < prints; i++)
            {
                planTimes.Add(await TimeAsync(() => printer.PrintAsync<PlanDocument>(plan)));
                emptyTimes.Add(await TimeAsync(() => printer.PrintAsync<PrintedDocument>(empty)));
            }

            Console.WriteLine($"{prints} prints of each; a page is replaced after {PrintsPerPage(app.Services)} prints");
            Console.WriteLine("| print | p50 | p95 | p99 | max |");
            Console.WriteLine("|---|---|---|---|---|");
            Row("31-page 整改方案", planTimes);
            Row("empty page (floor)", emptyTimes);
            // Which prints were slow tells whether the tail follows the pages' retirement (every PrintsPerPage prints of the page).
            Console.WriteLine("slowest plans (print number: ms): " + string.Join(", ", planTimes.Select((t, i) => (t, i)).OrderByDescending(p => p.t).Take(8).Select(p => $"{p.i + 1}: {p.t:0}")));
            lock (steps)
                Console.WriteLine("a plan's steps, p50 / p95: " + string.Join(", ", steps.Select(s => $"{s.Key} {Percentile(s.Value, 50):0} / {Percentile(s.Value, 95):0} ms")));
            Console.WriteLine($"ratio to the floor: p50 {Percentile(planTimes, 50) / Percentile(emptyTimes, 50):0.0}×, p95 {Percentile(planTimes, 95) / Percentile(emptyTimes, 95):0.0}×");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int PrintsPerPage(IServiceProvider services) =>
        services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PdfOptions>>().Value.PrintsPerPage;

    private static async Task<double> TimeAsync(Func<Task<byte[]>> print)
    {
        var started = Stopwatch.GetTimestamp();
        await print();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static void Row(string name, List<double> times) =>
        Console.WriteLine($"| {name} | {Percentile(times, 50):0} ms | {Percentile(times, 95):0} ms | {Percentile(times, 99):0} ms | {times.Max():0} ms |");

    // Nearest rank.
    private static double Percentile(List<double> times, int p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }
}
