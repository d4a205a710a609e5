using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SchoolAssessment.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics of requests, EF Core queries, the rescoring queue and the PDF printer, sent over OTLP
/// to <c>OpenTelemetry:Endpoint</c> (or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Without an endpoint nothing is
/// collected: no span is built for no one (the app's own meter and sources stay readable by dotnet-counters).
/// </summary>
public static class Observability
{
    public static string? Endpoint(IConfiguration configuration) =>
        configuration["OpenTelemetry:Endpoint"] is { Length: > 0 } endpoint ? endpoint
        : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard ? standard
        : null;

    public static void AddObservability(this WebApplicationBuilder builder)
    {
        if (Endpoint(builder.Configuration) is not { } endpoint) return;

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(Telemetry.Name, serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithTracing(tracing => tracing
                // The liveness probe is polled every few seconds: not worth a span each.
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource(Telemetry.Name))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                // Kestrel's and the runtime's own meters (connections, GC, thread pool) come with ASP.NET Core on .NET 8+.
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime",
                    "Microsoft.EntityFrameworkCore", Telemetry.Name))
            .UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, new Uri(endpoint));
    }
}
