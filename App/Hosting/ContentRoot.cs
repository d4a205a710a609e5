using System.Reflection;

namespace SchoolAssessment.Hosting;

/// <summary>
/// `dotnet run --project App` starts in the caller's folder (for the command-line verbs), so the web
/// app finds wwwroot and App_Data in its project folder, unless a content root is given explicitly.
/// </summary>
internal static class ContentRoot
{
    public static WebApplicationOptions Options(string[] args)
    {
        var explicitRoot = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase))
            || Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT") is not null;
        if (explicitRoot || Directory.Exists(Path.Combine(Directory.GetCurrentDirectory(), "wwwroot")))
            return new WebApplicationOptions { Args = args };

        var projectDirectory = typeof(ContentRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ProjectDirectory")?.Value;
        var root = projectDirectory is not null && Directory.Exists(Path.Combine(projectDirectory, "wwwroot"))
            ? projectDirectory
            : AppContext.BaseDirectory;
        return new WebApplicationOptions { Args = args, ContentRootPath = root };
    }
}
