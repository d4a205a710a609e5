using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Api;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Reports;
using SchoolAssessment.Features.QuickCheck;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Hosting;

public static class ApplicationPipeline
{
    /// <summary>Applies migrations and records the loaded standards before the first request.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartTimeline));
        StartTimeline.Mark(log, "host built");
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        // EF's migration lock makes instances starting together migrate one at a time; the start-up lease (a table the
        // migrations create) then lets one instance at a time seed and rebuild.
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        StartTimeline.Mark(log, "migrated");

        var leases = app.Services.GetRequiredService<LeaseStore>();
        var instance = app.Services.GetRequiredService<InstanceIdentity>();
        await leases.AcquireAsync(LeaseStore.Startup, instance.Name, TimeSpan.FromMinutes(5));
        try
        {
            await PrepareDataAsync(app, log);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseStore.Startup, instance.Name);
        }
    }

    private static async Task PrepareDataAsync(WebApplication app, ILogger log)
    {
        var library = app.Services.GetRequiredService<StandardLibrary>();
        var added = await app.Services.GetRequiredService<StandardVersionRecorder>().RecordAsync(library);
        app.Logger.LogInformation("Loaded {Count} standards ({Added} new versions recorded)", library.Standards.Count, added);
        StartTimeline.Mark(log, "standards recorded");

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSetup>().RunAsync();
        StartTimeline.Mark(log, "accounts set up");
        if (DemoData.IsEnabled(app.Configuration))
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
            StartTimeline.Mark(log, "demo seeded");
        }

        await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RebuildIfEmptyAsync();
        StartTimeline.Mark(log, "results rebuilt if empty");
        await SubtreeSummaries.RebuildIfMissingAsync(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), app.Logger);
        StartTimeline.Mark(log, "subtree figures rebuilt if missing");
    }

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }

        app.UseRequestLimits();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMustChangePassword();
        app.UseAntiforgery();

        // Static files: compressed at build (gzip and Brotli), with ETags; fingerprinted ones cached for a year.
        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapScoreApi();
        app.MapAccounts();
        app.MapEvidence();
        app.MapIndicatorImport();
        app.MapReports();
        app.MapDashboards();
        app.MapApiWithDocs();
        app.MapCircuitDiagnostics();
        app.MapAppComponents();
    }
}
