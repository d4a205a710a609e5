using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Hosting;

/// <summary>What lets the app answer saves at once and run as several instances: the rescoring queue, leases, shared keys, readiness.</summary>
public static class ScaleServices
{
    public const string ReadyTag = "ready";

    public static void AddScaleServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton(InstanceIdentity.ForThisProcess());
        services.AddSingleton<LeaseStore>();
        services.Configure<RescoreOptions>(builder.Configuration.GetSection(RescoreOptions.Section));
        services.AddSingleton<RescoreQueue>();
        services.AddHostedService<RescoreWorker>();

        // Every instance reads and writes the same key ring: a cookie or antiforgery token issued by one is valid on all.
        services.AddDataProtection().SetApplicationName("SchoolAssessment").PersistKeysToDbContext<AppDbContext>();

        // /healthz stays the cheap liveness (the database check it always had); /healthz/ready adds these.
        services.AddHealthChecks()
            .AddCheck<RescoreQueueHealthCheck>("rescore-queue", tags: [ReadyTag])
            .AddCheck<ChromiumHealthCheck>("chromium", HealthStatus.Degraded, tags: [ReadyTag]);
        builder.AddObservability();
    }
}
