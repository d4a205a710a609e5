namespace SchoolAssessment.Features.Scoring;

/// <summary>
/// A decimal as a whole number of units at a scale (value = Units × 10^-Scale), the same digits and scale the decimal
/// holds, so the engine's sums, products and the divisions it rounds to cents can run on integers and still give the
/// decimal the decimal arithmetic would have given, to the bit. Only small values are taken (<see cref="TryFrom"/>):
/// within those bounds every step below is exact, and anything else falls back to decimal arithmetic.
/// </summary>
internal readonly record struct ScaledDecimal(long Units, int Scale)
{
    /// <summary>The largest units taken: a value has at most 12 digits; products of two stay far within Int128.</summary>
    private const long MaxUnits = 1_000_000_000_000;

    /// <summary>The largest scale taken: with 12 digits, an alignment of two scales and a product stay within Int128.</summary>
    private const int MaxScale = 6;

    private static readonly long[] Powers = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000,
        1_000_000_000, 10_000_000_000, 100_000_000_000, 1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000,
        1_000_000_000_000_000, 10_000_000_000_000_000, 100_000_000_000_000_000, 1_000_000_000_000_000_000];

    /// <summary>10^n for 0 ≤ n ≤ 18.</summary>
    public static long Pow10(int n) => Powers[n];

    /// <summary>The value's units and scale, where it is small enough for the integer paths.</summary>
    public static bool TryFrom(decimal value, out ScaledDecimal scaled)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var low = (ulong)(uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        if (bits[2] != 0 || low > MaxUnits || scale > MaxScale)
        {
            scaled = default;
            return false;
        }

        scaled = new ScaledDecimal(bits[3] < 0 ? -(long)low : (long)low, scale);
        return true;
    }

    /// <summary>The decimal of <paramref name="units"/> at <paramref name="scale"/> (0 ≤ units &lt; 2^63).</summary>
    public static decimal ToDecimal(long units, int scale) =>
        new((int)(uint)units, (int)(uint)((ulong)units >> 32), 0, false, (byte)scale);

    /// <summary>
    /// round2(m1·10^-s1 ÷ m2·10^-s2) for m1, m2 &gt; 0, as <c>Fraction.Round2(a / b)</c> gives it on the decimals a and b
    /// with those digits and scales. The decimal quotient keeps scale s = s1 − s2 (0 if s &lt; 0) where it is exact there,
    /// else takes the fewest more digits that make it exact, else 28 or so digits, rounded; round2 keeps a quotient of
    /// two decimals or fewer and rounds any other to scale 2, halves away from zero. With the quotient and the divisor
    /// bounded as here, no quotient of 28 digits lies close enough to a cent or a half-cent for its last digit's
    /// rounding to matter, so the exact rational rounded gives the same decimal. False (nothing computed) outside the
    /// bounds.
    /// </summary>
    public static bool TryRound2Quotient(Int128 m1, int s1, Int128 m2, int s2, out decimal result)
    {
        result = 0m;
        const long bound = 1_000_000_000_000; // divisor and quotient (in cents) below 10^12
        if (m1 <= 0 || m2 <= 0 || m2 > bound || m1 > (Int128)bound * bound) return false;
        var s = s1 - s2;
        if (s < -10 || s > 14) return false;
        var n = s < 0 ? m1 * Powers[-s] : m1;
        var s0 = Math.Max(s, 0);
        Int128 quotient, remainder, divisor;
        if (s0 <= 2)
        {
            divisor = m2;
            (quotient, remainder) = Int128.DivRem(n * Powers[2 - s0], m2);
        }
        else
        {
            divisor = m2 * Powers[s0 - 2];
            if (divisor > bound) return false;
            (quotient, remainder) = Int128.DivRem(n, divisor);
        }

        if (quotient >= bound) return false;
        var cents = (long)quotient;
        if (remainder != 0 || s0 > 2)
        {
            // Not exact at two decimals (or exact only beyond them): round2 gives scale 2.
            if (remainder * 2 >= divisor) cents++;
            result = ToDecimal(cents, 2);
            return true;
        }

        // Exact in cents: the fewest decimals from s0 on that hold it.
        var scale = s0;
        while (scale < 2 && cents % Powers[2 - scale] != 0) scale++;
        result = ToDecimal(cents / Powers[2 - scale], scale);
        return true;
    }

    /// <summary>round2 of a non-negative decimal with these units and scale (Fraction.Round2): kept at two decimals or fewer, else rounded to scale 2, halves away from zero.</summary>
    public static bool TryRound2(Int128 units, int scale, out decimal result)
    {
        result = 0m;
        if (units < 0 || units >= MaxUnits * 1_000_000 || scale > 18) return false;
        if (scale <= 2)
        {
            result = ToDecimal((long)units, scale);
            return true;
        }

        var divisor = Powers[scale - 2];
        var (cents, remainder) = Int128.DivRem(units, divisor);
        if (remainder * 2 >= divisor) cents++;
        result = ToDecimal((long)cents, 2);
        return true;
    }

    /// <summary>a − b at the larger of their scales, as decimal subtraction aligns them.</summary>
    public static (Int128 Units, int Scale) Subtract(Int128 a, int sa, Int128 b, int sb) =>
        sa >= sb ? (a - b * Powers[sa - sb], sa) : (a * Powers[sb - sa] - b, sb);

    /// <summary>Compares a·10^-sa with b·10^-sb.</summary>
    public static int Compare(Int128 a, int sa, Int128 b, int sb) =>
        sa >= sb ? a.CompareTo(b * Powers[sa - sb]) : (a * Powers[sb - sa]).CompareTo(b);
}
