namespace SchoolAssessment.Features.Standards;

/// <summary>Where the shipped standards are: seed-data/ is copied beside the app at build time.</summary>
public static class SeedData
{
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "seed-data");
}
