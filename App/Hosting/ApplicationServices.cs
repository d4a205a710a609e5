using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SchoolAssessment.Features.Standards;
using SchoolAssessment.Persistence;

namespace SchoolAssessment.Hosting;

public static class ApplicationServices
{
    /// <summary>Registers every service of the app in one place.</summary>
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        // Chinese written as text, not as &#x…; entities.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddRazorComponents();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "RequestVerificationToken";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddSingleton(TimeProvider.System);

        // The standards are loaded and validated once at start: a broken file stops the app with its reason.
        var seedData = configuration["Standards:Directory"] is { Length: > 0 } dir
            ? Path.GetFullPath(dir, builder.Environment.ContentRootPath)
            : SeedData.DefaultDirectory;
        services.AddSingleton(_ => StandardLibrary.LoadDirectory(seedData));

        services.AddDbContextFactory<AppDbContext>(o => o.UseSqlite(SqliteConnectionString(builder)));
        services.AddSingleton<StandardVersionRecorder>();
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");

    }

    /// <summary>ConnectionStrings:Default, with a relative SQLite file resolved against the content root.</summary>
    private static string SqliteConnectionString(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Default") ?? "Data Source=App_Data/school-assessment.db";
        var connection = new SqliteConnectionStringBuilder(configured);
        if (connection.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(source, builder.Environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            connection.DataSource = path;
        }

        return connection.ToString();
    }
}
