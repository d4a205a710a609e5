using SchoolAssessment.Features.Scoring;

namespace SchoolAssessment.Tests.Features.Scoring;

/// <summary>
/// The engine's integer division (<see cref="ScaledDecimal.TryRound2Quotient"/>) against what it stands for, round2 of
/// the decimal quotient, to the bit (digits and scale): the decimal quotient's own scale rule (10.00 / 2 = 5.00, 1 / 4 =
/// 0.25, 6 / 0.6 = 10) is what it emulates.
/// </summary>
public class ScaledDecimalTests
{
    [Theory]
    [InlineData("10.00", "2")]
    [InlineData("1", "4")]
    [InlineData("1.0", "4")]
    [InlineData("6", "0.6")]
    [InlineData("12", "0.25")]
    [InlineData("4.00", "0.5")]
    [InlineData("1", "8")]
    [InlineData("1", "200")]
    [InlineData("1", "3")]
    [InlineData("2", "3")]
    [InlineData("0.005", "1")]
    [InlineData("0.0050", "1")]
    [InlineData("0.015", "1")]
    [InlineData("45.000", "9")]
    [InlineData("7", "0.07")]
    [InlineData("1", "0.00001")]
    public void Gives_round2_of_the_decimal_quotient(string a, string b)
    {
        var (x, y) = (decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(b, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(ScaledDecimal.TryFrom(x, out var sx));
        Assert.True(ScaledDecimal.TryFrom(y, out var sy));
        Assert.True(ScaledDecimal.TryRound2Quotient(sx.Units, sx.Scale, sy.Units, sy.Scale, out var quotient));
        Same(Fraction.Round2(x / y), quotient, $"{a} / {b}");
    }

    [Fact]
    public void Gives_round2_of_the_decimal_quotient_on_random_operands()
    {
        var random = new Random(16);
        var taken = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var m1 = random.NextInt64(1, (long)Math.Pow(10, random.Next(1, 19)));
            var m2 = random.NextInt64(1, (long)Math.Pow(10, random.Next(1, 13)));
            var (s1, s2) = (random.Next(0, 13), random.Next(0, 13));
            var a = new decimal((int)(uint)m1, (int)(uint)((ulong)m1 >> 32), 0, false, (byte)s1);
            var b = new decimal((int)(uint)m2, (int)(uint)((ulong)m2 >> 32), 0, false, (byte)s2);
            if (!ScaledDecimal.TryRound2Quotient(m1, s1, m2, s2, out var quotient)) continue;
            taken++;
            Same(Fraction.Round2(a / b), quotient, $"{a} / {b}");
        }

        // The bounds leave most of these to the integer path: a test of the fallback alone would prove nothing.
        Assert.True(taken > 20_000, $"only {taken} quotients taken");
    }

    [Fact]
    public void Takes_the_units_and_scale_of_small_values_only()
    {
        Assert.True(ScaledDecimal.TryFrom(-12.50m, out var scaled));
        Assert.Equal(new ScaledDecimal(-1250, 2), scaled);
        Assert.False(ScaledDecimal.TryFrom(10_000_000_000_000m, out _));
        Assert.False(ScaledDecimal.TryFrom(0.0000001m, out _));
    }

    private static void Same(decimal expected, decimal actual, string what) =>
        Assert.True(decimal.GetBits(expected).SequenceEqual(decimal.GetBits(actual)), $"{what}: {expected} expected, {actual} given");
}
