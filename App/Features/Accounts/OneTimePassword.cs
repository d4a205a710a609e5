using System.Security.Cryptography;

namespace SchoolAssessment.Features.Accounts;

/// <summary>A random password that meets the policy, shown once and never stored in plain text.</summary>
public static class OneTimePassword
{
    private const string Letters = "abcdefghijkmnpqrstuvwxyz";
    private const string Capitals = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Digits = "23456789";

    public static string Generate()
    {
        // Unambiguous characters only: people copy these from a console or a screen.
        var all = Letters + Capitals + Digits;
        var chars = new char[14];
        chars[0] = Letters[RandomNumberGenerator.GetInt32(Letters.Length)];
        chars[1] = Capitals[RandomNumberGenerator.GetInt32(Capitals.Length)];
        chars[2] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        for (var i = 3; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }
}
