using System.Globalization;
using SchoolAssessment.Features.Standards;

namespace SchoolAssessment.Components.Shared;

/// <summary>How scores, points and values read on a page: no trailing zeros, at most two decimals.</summary>
public static class Points
{
    public static string Text(decimal value) => NumberText.Of(value);

    public static string Text(decimal? value) => NumberText.Of(value);

    public static string Percent(decimal part, decimal whole) =>
        whole == 0 ? "0" : Math.Round(part * 100 / whole, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}
