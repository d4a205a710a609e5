using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.Standings;

namespace SchoolAssessment.Hosting;

/// <summary>The background queue: healthy while it drains, degraded when a backlog builds up (saves still work; results lag).</summary>
public sealed class RescoreQueueHealthCheck(RescoreQueue queue, LeaseStore leases) : IHealthCheck
{
    /// <summary>Beyond this many waiting requests the results are visibly late.</summary>
    public const int Backlog = 5000;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var depth = await queue.DepthAsync(cancellationToken);
        var holder = await leases.HolderAsync(LeaseStore.Background, cancellationToken);
        var data = new Dictionary<string, object> { ["depth"] = depth, ["worker"] = holder ?? "none" };
        if (depth > 0 && holder is null) return HealthCheckResult.Degraded("没有实例在处理后台计算", data: data);
        return depth > Backlog
            ? HealthCheckResult.Degraded($"后台计算积压 {depth} 项", data: data)
            : HealthCheckResult.Healthy($"后台计算队列 {depth} 项", data);
    }
}

/// <summary>Chromium for the PDFs: without it the app runs, but printing answers 503.</summary>
public sealed class ChromiumHealthCheck(PdfPrinter printer) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(printer.IsAvailable
            ? HealthCheckResult.Healthy("Chromium 已安装")
            : new HealthCheckResult(context.Registration.FailureStatus, "未找到 Chromium，无法生成 PDF"));
}

/// <summary>
/// <c>/healthz</c>: liveness, cheap (the database answers), the floor of the load tests. <c>/healthz/ready</c>: readiness
/// for a load balancer, 503 when the database is down; its details (queue depth, which instance works the queue, Chromium)
/// only for an administrator or a caller on this machine, since they describe the deployment.
/// </summary>
public static class Readiness
{
    public static void MapHealthEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => !c.Tags.Contains(ScaleServices.ReadyTag) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions
        {
            // Degraded (a backlog, no Chromium) still takes traffic: saves and pages work.
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        });
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var details = context.User.IsInRole(AppRole.Administrator) || IsLocal(context);
        object body = details
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(e => e.Key, e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description,
                    data = e.Value.Data,
                    ms = Math.Round(e.Value.Duration.TotalMilliseconds, 1),
                }),
            }
            : new { status = report.Status.ToString() };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, SerializerOptions, context.RequestAborted);
    }

    // After the forwarded headers: a request through the proxy carries the client's address, not loopback.
    private static bool IsLocal(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
