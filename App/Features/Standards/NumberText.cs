using System.Globalization;

namespace SchoolAssessment.Features.Standards;

/// <summary>How a score, target or value reads to a person: at most two decimals, no trailing zeros.</summary>
public static class NumberText
{
    public static string Of(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Of(decimal? value) => value is { } v ? Of(v) : "—";
}
