using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SchoolAssessment.Persistence;

/// <summary>
/// Stores a decimal as a whole number of ten-thousandths. SQLite has no decimal type (EF would store text,
/// which sorts "10" before "9"); an integer sorts, sums and filters correctly in SQL on every provider.
/// Values are validated to at most <see cref="Decimals"/> decimals before they get here.
/// </summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(
    v => (long)(v * Scale),
    v => v / Scale)
{
    public const int Decimals = 4;

    private const decimal Scale = 10_000m;
}
