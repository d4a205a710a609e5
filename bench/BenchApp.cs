using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using SchoolAssessment.Hosting;

namespace SchoolAssessment.Bench;

/// <summary>The app's services on a database of the benchmark's own, migrated and ready; and where the repository is.</summary>
internal static class BenchApp
{
    public static string Repository
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolAssessment.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
        }
    }

    /// <summary>The app (no web server, no demo data) on a new SQLite file in <paramref name="folder"/>.</summary>
    public static WebApplication Start(string folder)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.Combine(Repository, "App") });
        builder.Logging.ClearProviders();
        builder.Configuration["ConnectionStrings:Default"] = $"Data Source={Path.Combine(folder, "bench.db")}";
        builder.Configuration["Demo:Enabled"] = "false";
        builder.Configuration["Admin:InitialPassword"] = "Bench2026pass";
        builder.AddApplicationServices();
        var app = builder.Build();
        app.PrepareDatabaseAsync().GetAwaiter().GetResult();
        return app;
    }
}
