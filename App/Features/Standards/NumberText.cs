using System.Globalization;

namespace SchoolAssessment.Features.Standards;

/// <summary>How a score, target or value reads to a person: at most two decimals, no trailing zeros.</summary>
public static class NumberText
{
    /// <summary>Why a typed number was refused when it had a comma: "2,5" is 2.5 to some and 25 to others.</summary>
    public const string CommaRefused = "不能含逗号或千位分隔符（“2,5”请写作 2.5 或 25）";

    // Digits with an optional sign and decimal point only: no thousands separators, exponents or currency.
    private const NumberStyles Plain = NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite | NumberStyles.AllowLeadingSign
        | NumberStyles.AllowDecimalPoint;

    public static string Of(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Of(decimal? value) => value is { } v ? Of(v) : "—";

    /// <summary>
    /// Reads a number as a person typed it, the one reader of the form, the import and the score fields: a comma is
    /// refused (never dropped, which read "2,5" as 25), so is anything but digits, a sign and one decimal point.
    /// </summary>
    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse(text, Plain, CultureInfo.InvariantCulture, out value);

    /// <summary>The reason a text is not a number, for the message beside its field.</summary>
    public static string Refusal(string? text) => text is not null && (text.Contains(',') || text.Contains('，')) ? "应为数值，" + CommaRefused : "应为数值";
}
