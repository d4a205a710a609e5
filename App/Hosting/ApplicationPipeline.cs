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
        var factory = app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        // EF's migration lock makes instances starting together migrate one at a time; the start-up lease (a table the
        // migrations create) then lets one instance at a time seed and rebuild.
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        var leases = app.Services.GetRequiredService<LeaseStore>();
        var instance = app.Services.GetRequiredService<InstanceIdentity>();
        await leases.AcquireAsync(LeaseStore.Startup, instance.Name, TimeSpan.FromMinutes(5));
        try
        {
            await PrepareDataAsync(app);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseStore.Startup, instance.Name);
        }
    }

    private static async Task PrepareDataAsync(WebApplication app)
    {
        var library = app.Services.GetRequiredService<StandardLibrary>();
        var added = await app.Services.GetRequiredService<StandardVersionRecorder>().RecordAsync(library);
        app.Logger.LogInformation("Loaded {Count} standards ({Added} new versions recorded)", library.Standards.Count, added);

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSetup>().RunAsync();
        if (DemoData.IsEnabled(app.Configuration)) await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RebuildIfEmptyAsync();
        await SubtreeSummaries.RebuildIfMissingAsync(app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>(), app.Logger);
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
