namespace SchoolAssessment.Features.Schools;

public static class SchoolLevels
{
    public static string Name(this SchoolLevel level) => level switch
    {
        SchoolLevel.Provincial => "省级党校",
        SchoolLevel.City => "市级党校",
        SchoolLevel.County => "县级党校",
        SchoolLevel.Township => "乡镇（街道）党校",
        _ => level.ToString(),
    };

    /// <summary>Whether a school of <paramref name="child"/> level may sit under one of <paramref name="parent"/> level (null: a root).</summary>
    public static bool MayBeUnder(this SchoolLevel child, SchoolLevel? parent) => (child, parent) switch
    {
        (SchoolLevel.Provincial, null) => true,
        (SchoolLevel.City, null or SchoolLevel.Provincial) => true,
        (SchoolLevel.County, SchoolLevel.Provincial or SchoolLevel.City) => true,
        (SchoolLevel.Township, SchoolLevel.County) => true,
        _ => false,
    };

    public static string PlacementRule(this SchoolLevel child) => child switch
    {
        SchoolLevel.Provincial => "省级党校没有上级党校",
        SchoolLevel.City => "市级党校的上级只能是省级党校，或不设上级",
        SchoolLevel.County => "县级党校的上级应为市级或省级党校",
        _ => "乡镇（街道）党校的上级应为县级党校",
    };
}
