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
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        var library = app.Services.GetRequiredService<StandardLibrary>();
        var added = await app.Services.GetRequiredService<StandardVersionRecorder>().RecordAsync(library);
        app.Logger.LogInformation("Loaded {Count} standards ({Added} new versions recorded)", library.Standards.Count, added);

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccountSetup>().RunAsync();
        if (DemoData.IsEnabled(app.Configuration)) await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync();
        await scope.ServiceProvider.GetRequiredService<ResultRecorder>().RebuildIfEmptyAsync();
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
        app.MapHealthChecks("/healthz");
        app.MapQuickCheck();
        app.MapAccounts();
        app.MapYearlyData();
        app.MapItemScoring();
        app.MapEvidence();
        app.MapRectification();
        app.MapIndicatorImport();
        app.MapReports();
        app.MapDashboards();
        app.MapApiWithDocs();
        app.MapAppComponents();
    }
}
