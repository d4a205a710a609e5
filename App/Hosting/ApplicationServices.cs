using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Access;
using SchoolAssessment.Features.Assessments;
using SchoolAssessment.Features.Accounts;
using SchoolAssessment.Features.Api;
using SchoolAssessment.Features.Audit;
using SchoolAssessment.Features.Dashboards;
using SchoolAssessment.Features.Demo;
using SchoolAssessment.Features.Documents.Pdf;
using SchoolAssessment.Features.Evidence;
using SchoolAssessment.Features.Rectification;
using SchoolAssessment.Features.Reports;
using SchoolAssessment.Features.Rounds;
using SchoolAssessment.Features.Standings;
using SchoolAssessment.Features.Schools;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Features.YearlyData;
using SchoolAssessment.Features.YearlyData.Import;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Hosting;

public static class ApplicationServices
{
    /// <summary>Registers every service of the app in one place.</summary>
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;

        // Chinese written as text, not as &#x…; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorComponents();
        builder.AddInteractiveUi();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SchoolAssessment.Shared.LiveUpdates>();
        services.AddCircuitDiagnostics(builder.Configuration); // bench/circuits only, off unless Diagnostics:CircuitHeap

        // The standards are loaded and validated once at start: a broken file stops the app with its reason.
        // Configuration is read when the services are first built, so tests and hosts can override it.
        services.AddSingleton(sp =>
        {
            var directory = sp.GetRequiredService<IConfiguration>()["Standards:Directory"] is { Length: > 0 } dir
                ? Path.GetFullPath(dir, sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : SeedData.DefaultDirectory;
            return StandardLibrary.LoadDirectory(directory);
        });

        services.AddSingleton<AuditInterceptor>();
        // SQLite or PostgreSQL, by Database:Provider (Persistence/DatabaseProvider.cs).
        services.AddDbContextFactory<AppDbContext, AppDbContextFactory>((sp, o) => o
            .Use(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
            .AddInterceptors(sp.GetRequiredService<AuditInterceptor>(), new PasswordHistoryInterceptor(sp.GetRequiredService<TimeProvider>()), new SqliteTuning()));
        services.AddSingleton<StandardVersionRecorder>();

        services.AddAccounts();
        services.AddApi();
        builder.AddAccountSecurity();
        services.AddHttpContextAccessor();
        services.AddScoped<SchoolAccess>();
        services.AddScoped<SchoolQueries>();
        services.AddScoped<SchoolRegistry>();
        services.AddScoped<SchoolStandards>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<YearlyDataService>();
        services.AddScoped<ResultRecorder>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<RectificationService>();
        services.AddScoped<IndicatorImportService>();
        services.AddScoped<AssessmentDocuments>();
        services.AddScoped<SchoolDashboardService>();
        services.AddScoped<SupervisorDashboardService>();

        services.AddSingleton<ImportJobs>();
        services.AddScoped<AssessmentService>();
        services.AddScoped<RoundService>();
        services.AddSingleton<PinnedStandards>();
        services.AddScoped<ItemScoringService>();
        services.AddScoped<EvidenceService>();
        services.AddSingleton(sp => new EvidenceFileInspector(
            sp.GetRequiredService<IConfiguration>().GetValue("Evidence:MaxMegabytes", 20L) * 1024 * 1024));
        // Evidence lives outside the web root, under its content hash.
        services.AddSingleton(sp => new EvidenceStore(Path.GetFullPath(
            sp.GetRequiredService<IConfiguration>()["Evidence:Directory"] is { Length: > 0 } dir ? dir : "App_Data/evidence",
            sp.GetRequiredService<IHostEnvironment>().ContentRootPath)));
        services.AddScoped<AccountSetup>();
        services.AddScoped<DemoData>();
        services.AddScoped<DemoGenerator>();
        services.AddPdfPrinting(builder.Configuration);
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        builder.AddScaleServices();
    }
}
