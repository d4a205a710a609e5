using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Features.Schools;

/// <summary>
/// Which standards apply to a school of each level (configuration "Schools:StandardsByLevel"; by default
/// county schools: optimized-development and provincial-evaluation; township schools: township-six-haves).
/// </summary>
public sealed class SchoolStandards(IConfiguration configuration, StandardLibrary library)
{
    public IReadOnlyList<Standard> For(SchoolLevel level) =>
        (configuration.GetSection($"Schools:StandardsByLevel:{level}").Get<string[]>() ?? [])
            .Select(library.Find)
            .OfType<Standard>()
            .ToList();
}
