using System.Globalization;

namespace SchoolAssessment.Components.Shared;

/// <summary>How scores, points and values read on a page: no trailing zeros, at most two decimals.</summary>
public static class Points
{
    public static string Text(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Text(decimal? value) => value is { } v ? Text(v) : "—";

    public static string Percent(decimal part, decimal whole) =>
        whole == 0 ? "0" : Math.Round(part * 100 / whole, 0, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
}
