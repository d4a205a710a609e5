namespace SchoolAssessment.Features.Scoring;

/// <summary>
/// The share f of an item's points, kept as numerator/denominator so an item's score takes a single
/// decimal division: a result that is exactly a half-cent is then rounded as a half-cent.
/// </summary>
internal readonly record struct Fraction(decimal Numerator, decimal Denominator)
{
    public static Fraction Zero { get; } = new(0, 1);

    public static Fraction One { get; } = new(1, 1);

    public bool IsZero => Numerator == 0;

    public bool IsOne => Numerator == Denominator;

    public Fraction Half() => this with { Denominator = Denominator * 2 };

    // Met and unmet, most items, take no division.
    public decimal Of(decimal points) => IsZero ? 0m : IsOne ? Round2(points) : Round2(points * Numerator / Denominator);

    /// <summary>round2 of SCORING.md §2: two decimals, halves away from zero.</summary>
    // A value of two decimals or fewer is its own round2 (and keeps its scale), without the cost of Math.Round.
    public static decimal Round2(decimal value) => value.Scale <= 2 ? value : Math.Round(value, 2, MidpointRounding.AwayFromZero);
}
