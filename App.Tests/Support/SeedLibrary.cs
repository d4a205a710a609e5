using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Tests.Support;

/// <summary>The shipped seed-data, loaded once for the tests that check it.</summary>
internal static class SeedLibrary
{
    private static readonly Lazy<StandardLibrary> Loaded = new(() => StandardLibrary.LoadDirectory(SeedData.DefaultDirectory));

    public static StandardLibrary Value => Loaded.Value;

    public static Standard Get(string id) => Value.Find(id) ?? throw new InvalidOperationException($"no standard {id}");

    /// <summary>The repository root (for docs/examples), found from the test binary's folder.</summary>
    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SchoolAssessment.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("SchoolAssessment.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
